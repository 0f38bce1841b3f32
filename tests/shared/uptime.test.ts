import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '../../shared/history';
import { startOfLocalDay, uptimeSince } from '../../shared/uptime';

const MINUTE = 60_000;
const midnight = new Date(2026, 10, 25, 0, 0, 0).getTime();
const at = (offsetMin: number): string => new Date(midnight + offsetMin * MINUTE).toISOString();

describe('uptime since a moment', () => {
  it('finds local midnight', () => {
    expect(startOfLocalDay(midnight + 13 * 60 * MINUTE)).toBe(midnight);
  });

  it('counts the check in force at midnight from midnight on', () => {
    const points: HistoryPoint[] = [
      { at: at(-5), level: 'error' },
      { at: at(5), level: 'ok' },
    ];
    // 00:00-00:05 error (carried over), 00:05-00:15 ok.
    expect(uptimeSince(points, midnight, midnight + 15 * MINUTE)).toBeCloseTo(10 / 15);
  });

  it("ignores yesterday's checks that no longer hold", () => {
    const points: HistoryPoint[] = [
      { at: at(-120), level: 'error' },
      { at: at(-60), level: 'ok' },
      { at: at(10), level: 'ok' },
    ];
    expect(uptimeSince(points, midnight, midnight + 20 * MINUTE)).toBe(1);
  });

  it('knows nothing before the first check of the day', () => {
    expect(uptimeSince([], midnight, midnight + MINUTE)).toBeNull();
  });
});
