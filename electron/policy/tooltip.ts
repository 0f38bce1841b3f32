// Pure decision: no Electron, no I/O; the adapters apply it.
//
// The words the tray uses for a snapshot: the verdict (also the menu's first line) and the tooltip
// "CrossTrade MCP — <verdict> · checked <t> ago".
import type { HealthSnapshot } from '../../shared/health';

/** Windows truncates tray tooltips at 127 characters; stay below on every platform. */
export const TOOLTIP_MAX = 127;
export const APP_LABEL = 'CrossTrade MCP';

/** One short phrase for the snapshot: the root cause's title when something is wrong. */
export function verdict(snapshot: HealthSnapshot): string {
  if (snapshot.status === 'paused') return 'Checks paused';
  if (snapshot.status === 'pending' && snapshot.problems.length === 0) return 'Checking…';
  const [first, ...rest] = snapshot.problems;
  if (snapshot.level === 'ok' && !first) return 'All good';
  if (!first) {
    if (snapshot.level === 'warning') return 'Needs attention';
    if (snapshot.level === 'error') return 'Not working';
    return snapshot.level === 'ok' ? 'All good' : 'Status unknown';
  }
  return rest.length > 0 ? `${first.title} (+${rest.length} more)` : first.title;
}

/** "5 s", "3 min", "2 h", "4 d": the <t> of "checked <t> ago". */
export function formatAgo(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** "checked 3 min ago", or undefined before the first check. */
export function checkedAgo(snapshot: HealthSnapshot, now: number): string | undefined {
  if (snapshot.status === 'pending') return undefined;
  const at = Date.parse(snapshot.checkedAt);
  if (Number.isNaN(at)) return undefined;
  return `checked ${formatAgo(now - at)} ago`;
}

/** "CrossTrade MCP — <verdict> · checked <t> ago", at most TOOLTIP_MAX characters. */
export function tooltipText(snapshot: HealthSnapshot, now: number): string {
  const ago = checkedAgo(snapshot, now);
  const tail = ago ? ` · ${ago}` : '';
  const head = `${APP_LABEL} — `;
  let words = verdict(snapshot);
  const room = TOOLTIP_MAX - head.length - tail.length;
  if (words.length > room) words = `${words.slice(0, Math.max(0, room - 1)).trimEnd()}…`;
  return `${head}${words}${tail}`;
}
