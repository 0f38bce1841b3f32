// The 24-hour strip: check points turned into coloured buckets and per-level totals.
import { worstLevel, type Level } from '../shared/health';
import type { HistoryPoint } from '../shared/history';
import { formatDuration, LEVEL_WORD } from '../shared/format';
import { timeOf } from './format';

export type StripLevel = Level | 'none';

export interface Strip {
  /** Oldest first; `none` where no check covered the bucket. */
  buckets: StripLevel[];
  /** Milliseconds of the window spent at each level. */
  totals: Record<StripLevel, number>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
/** A check speaks for at most this long: after a longer gap (app closed, asleep) there is no data. */
export const MAX_POINT_SPAN_MS = 10 * 60 * 1000;

/** Splits the last 24 h into `count` buckets, each the worst level any check showed in it. */
export function buildStrip(points: readonly HistoryPoint[], now: number, count = 96): Strip {
  const start = now - DAY_MS;
  const width = DAY_MS / count;
  const buckets: StripLevel[] = Array.from({ length: count }, () => 'none');
  const totals: Record<StripLevel, number> = { ok: 0, warning: 0, error: 0, unknown: 0, none: 0 };
  const times = points.map((point) => timeOf(point.at));
  // The next readable time after each point, found in one backward pass.
  const nextTimes: number[] = new Array<number>(points.length);
  let following = now;
  for (let i = points.length - 1; i >= 0; i -= 1) {
    nextTimes[i] = following;
    following = times[i] ?? following;
  }
  for (let i = 0; i < points.length; i += 1) {
    const point = points[i];
    const at = times[i];
    if (!point || at === undefined) continue;
    const next = nextTimes[i] ?? now;
    const from = Math.max(at, start);
    const to = Math.min(next, at + MAX_POINT_SPAN_MS, now);
    if (to <= from) continue;
    totals[point.level] += to - from;
    const first = Math.floor((from - start) / width);
    const last = Math.min(count - 1, Math.ceil((to - start) / width) - 1);
    for (let b = first; b <= last; b += 1) {
      const current = buckets[b];
      buckets[b] =
        current === 'none' || current === undefined
          ? point.level
          : worstLevel(current, point.level);
    }
  }
  totals.none = Math.max(0, DAY_MS - totals.ok - totals.warning - totals.error - totals.unknown);
  return { buckets, totals };
}

const ORDER: StripLevel[] = ['ok', 'warning', 'error', 'unknown', 'none'];
export const STRIP_LABEL: Record<StripLevel, string> = { ...LEVEL_WORD, none: 'No data' };

/** "Last 24 hours: OK 23 h 10 min · Error 40 min · No data 10 min" */
export function describeStrip(strip: Strip): string {
  if (strip.totals.none >= DAY_MS) return 'Last 24 hours: no checks recorded yet';
  const parts = ORDER.filter((level) => strip.totals[level] >= 60_000).map(
    (level) => `${STRIP_LABEL[level]} ${formatDuration(strip.totals[level])}`,
  );
  return `Last 24 hours: ${parts.join(' · ')}`;
}
