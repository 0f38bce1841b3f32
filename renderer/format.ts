// Pure formatting helpers for the window: short, calm wording a trader reads at a glance.
import { LEVEL_VERDICT } from '../shared/format';
import type { HealthSnapshot } from '../shared/health';
import { PRODUCT_NAME } from '../shared/product';

const DAY = 24 * 60 * 60 * 1000;

/** Parses an ISO time; undefined when absent or unreadable. */
export function timeOf(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? undefined : value;
}

/** "14:32" today, "Mon 14:32" within a week, else a short date. */
export function formatClock(iso: string, now: number): string {
  const at = timeOf(iso);
  if (at === undefined) return 'unknown time';
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return time;
  if (now - at < 6 * DAY) {
    return `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${time}`;
  }
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${time}`;
}

/** The words of the status badge: never colour alone. */
export function statusWords(snapshot: HealthSnapshot): string {
  if (snapshot.status === 'paused') return 'Paused';
  if (snapshot.level === 'unknown') {
    if (snapshot.problems.some((p) => p.id === 'signed_out')) return 'Signed out';
    if (snapshot.status === 'pending') return 'Checking';
  }
  return LEVEL_VERDICT[snapshot.level];
}

/** Only for an invoke that got no answer at all (no preload, main gone): not a failed action. */
export const BRIDGE_DOWN = `The window can't reach the monitor running in the background. Try again; if it keeps happening, quit and restart ${PRODUCT_NAME}.`;

const ACTION_FAILED =
  "That didn't work. Try again; if it keeps failing, copy the safe diagnostics for CrossTrade support.";

/** A rejected invoke (IPC unanswered, preload missing): one friendly sentence, never a stack. */
export function friendlyError(_error: unknown): string {
  return BRIDGE_DOWN;
}

/**
 * The error of a failed IPC answer, as a trader reads it: the first line, and only when it is a
 * sentence rather than an error class, a stack frame or a wall of text.
 */
export function friendlyResultError(message: unknown): string {
  if (typeof message !== 'string') return ACTION_FAILED;
  const line = message.split('\n')[0]?.trim() ?? '';
  if (line === '') return ACTION_FAILED;
  if (/^(\w*Error\b|Uncaught\b|at\s)/.test(line) || /\.(?:[cm]?js|tsx?):\d+/.test(line)) {
    return ACTION_FAILED;
  }
  return line.length > 240 ? `${line.slice(0, 239)}…` : line;
}

/**
 * "Could not save settings: the MCP URL must use https." from what failed and main's reason;
 * a reason that is no sentence (a stack, an error class) gives the general "That didn't work".
 */
export function failureText(failed: string, reason: unknown): string {
  const line = friendlyResultError(reason);
  if (line === ACTION_FAILED) return ACTION_FAILED;
  // "The MCP URL…" reads on after the colon as "the MCP URL…"; "GetMcpCapabilities" stays.
  const joined = /^[A-Z][a-z]*(?=[\s,.;:]|$)/.test(line)
    ? line[0]!.toLowerCase() + line.slice(1)
    : line;
  return `${failed}: ${joined}`;
}
