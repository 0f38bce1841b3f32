// The words and numbers every front-end shows: the tray, the window, doctor and the support report
// all format levels, durations, shares and hosts here, so a trader reads the same thing everywhere.
// Pure: no Node, no DOM.
import type { Level } from './health';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The level as a word: badges, history rows. doctor shouts it in capitals (`LEVEL_WORD[l].toUpperCase()`). */
export const LEVEL_WORD: Readonly<Record<Level, string>> = {
  ok: 'OK',
  warning: 'Warning',
  error: 'Error',
  unknown: 'Unknown',
};

/** The verdict for a level when no problem names it better: the tray and the window's badge. */
export const LEVEL_VERDICT: Readonly<Record<Level, string>> = {
  ok: 'All good',
  warning: 'Needs attention',
  error: 'Not working',
  unknown: 'Status unknown',
};

/**
 * "45 s", "12 min", "1 h 5 min", "26 h", "2 d 3 h". Negative values count as zero.
 *
 * The rule: whole units, cut down, never rounded up, so a duration never reads longer than it is:
 * "expires in 1 min" at 119 s is true, where rounding would promise 2 min the token does not have,
 * and "59 s" turns into "1 min" only once the minute has passed, as a clock does. From an hour on,
 * two units, because "1 h" for 1 h 59 min hides half the time; hours up to two days ("26 h" reads
 * better than "1 d 2 h" for yesterday), then days and hours.
 */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < MINUTE) return `${Math.floor(value / SECOND)} s`;
  if (value < HOUR) return `${Math.floor(value / MINUTE)} min`;
  if (value < 2 * DAY) {
    const hours = Math.floor(value / HOUR);
    const minutes = Math.floor((value % HOUR) / MINUTE);
    return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  const days = Math.floor(value / DAY);
  const hours = Math.floor((value % DAY) / HOUR);
  return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
}

/** "just now", "12 s ago", "3 min ago". */
export function formatAgo(ms: number): string {
  if (ms < SECOND) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** "in 18 s", or "any moment" once the time has come. */
export function formatIn(ms: number): string {
  if (ms < SECOND) return 'any moment';
  return `in ${formatDuration(ms)}`;
}

/** "240 ms", "1.2 s", "14 s": response times, where a second is long. */
export function formatLatency(ms: number): string {
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${(ms / SECOND).toFixed(1)} s`;
  return `${Math.round(ms / SECOND)} s`;
}

/** 0.9984 → "99.8 %"; never rounds a share below one up to "100 %". */
export function formatShare(share: number): string {
  const clamped = Math.min(1, Math.max(0, share));
  if (clamped === 1) return '100 %';
  const tenths = Math.floor(clamped * 1000) / 10;
  return `${tenths.toFixed(1)} %`;
}

/** The text as a URL, or undefined when it is not one. */
export function urlOf(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** "app.crosstrade.io", with ":port" when the URL names one; the text itself when it is not a URL. */
export function hostOf(url: string): string {
  return urlOf(url)?.host ?? url;
}

/** The port a URL names (a loopback redirect's), or undefined when it names none. */
export function portOf(url: string | undefined): number | undefined {
  const port = Number(urlOf(url)?.port);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
