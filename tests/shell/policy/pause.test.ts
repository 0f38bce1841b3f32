import { describe, expect, it } from 'vitest';
import { isPaused, pauseUntil, TOMORROW_HOUR } from '../../../electron/policy/pause';

describe('notification pause', () => {
  const now = new Date(2026, 10, 25, 22, 30, 0);

  it('pauses for the minutes asked', () => {
    expect(pauseUntil({ minutes: 60 }, now).getTime()).toBe(now.getTime() + 3_600_000);
  });

  it('pauses until tomorrow morning, local time', () => {
    const end = pauseUntil({ until: 'tomorrow' }, now);
    expect([
      end.getFullYear(),
      end.getMonth(),
      end.getDate(),
      end.getHours(),
      end.getMinutes(),
    ]).toEqual([2026, 10, 26, TOMORROW_HOUR, 0]);
  });

  it('is paused only before the end', () => {
    const until = new Date(now.getTime() + 1000).toISOString();
    expect(isPaused(until, now.getTime())).toBe(true);
    expect(isPaused(until, now.getTime() + 1000)).toBe(false);
    expect(isPaused(undefined, now.getTime())).toBe(false);
    expect(isPaused('not a date', now.getTime())).toBe(false);
  });
});
