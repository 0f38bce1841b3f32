// Uptime from the history's check points: pure, so main (24 h) and the window (today, in the
// trader's own time zone) compute it the same way.
import type { HistoryPoint } from './history';

/** A gap longer than this between two checks (sleep, app closed) counts for neither ok nor not. */
export const MAX_GAP_MS = 15 * 60 * 1000;

/**
 * Share of observed time spent ok: each check's level holds until the next. Gaps (sleep, app
 * closed) and `unknown` stretches (signed out, nothing known) count for neither side.
 */
export function uptime(points: readonly HistoryPoint[], now: number): number | null {
  const known = points.filter((p) => p.level !== 'unknown');
  if (known.length === 0) return null;
  let okMs = 0;
  let totalMs = 0;
  points.forEach((point, index) => {
    if (point.level === 'unknown') return;
    const start = Date.parse(point.at);
    const next = points[index + 1];
    const end = next ? Date.parse(next.at) : now;
    const span = Math.min(Math.max(0, end - start), MAX_GAP_MS);
    totalMs += span;
    if (point.level === 'ok') okMs += span;
  });
  if (totalMs === 0) return known.every((p) => p.level === 'ok') ? 1 : 0;
  return okMs / totalMs;
}

/** Uptime from `since` on: the check that was in force at `since` counts from that moment. */
export function uptimeSince(
  points: readonly HistoryPoint[],
  since: number,
  now: number,
): number | null {
  const from: HistoryPoint[] = [];
  points.forEach((point, index) => {
    if (Date.parse(point.at) >= since) {
      from.push(point);
      return;
    }
    const next = points[index + 1];
    // The last check before `since` still holds at `since` (within the usual gap limit).
    if (
      (next === undefined || Date.parse(next.at) > since) &&
      since - Date.parse(point.at) <= MAX_GAP_MS
    ) {
      from.push({ at: new Date(since).toISOString(), level: point.level });
    }
  });
  return uptime(from, now);
}

/** Local midnight of the day `now` falls in. */
export function startOfLocalDay(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}
