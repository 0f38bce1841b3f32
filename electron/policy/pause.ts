// Pure decision: no Electron, no I/O; the adapters apply it.
//
// "Pause notifications": for N minutes, or until tomorrow morning (local time).
import type { PauseRequest } from '../../shared/ipc';

/** "Until tomorrow" ends at this local hour of the next day. */
export const TOMORROW_HOUR = 8;

/** When a pause asked at `now` ends. */
export function pauseUntil(request: PauseRequest, now: Date): Date {
  if ('minutes' in request) return new Date(now.getTime() + request.minutes * 60_000);
  const end = new Date(now.getTime());
  end.setDate(end.getDate() + 1);
  end.setHours(TOMORROW_HOUR, 0, 0, 0);
  return end;
}

/** Whether notifications are paused at `now` (an unreadable time counts as not paused). */
export function isPaused(until: string | undefined, now: number): boolean {
  if (!until) return false;
  const end = Date.parse(until);
  return !Number.isNaN(end) && end > now;
}
