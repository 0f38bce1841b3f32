// Pure decision: no Electron, no I/O; the adapters apply it.
//
// The words the tray uses for a snapshot: the verdict (also the menu's first line) and the tooltip
// "CrossTrade MCP — <verdict> · checked <t> ago".
import { formatAgo, LEVEL_VERDICT } from '../../shared/format';
import type { HealthSnapshot } from '../../shared/health';

/** Windows truncates tray tooltips at 127 characters; stay below on every platform. */
export const TOOLTIP_MAX = 127;
export const APP_LABEL = 'CrossTrade MCP';

/** One short phrase for the snapshot: the root cause's title when something is wrong. */
export function verdict(snapshot: HealthSnapshot): string {
  if (snapshot.status === 'paused') return 'Checks paused';
  if (snapshot.status === 'pending' && snapshot.problems.length === 0) return 'Checking…';
  const [first, ...rest] = snapshot.problems;
  if (!first) return LEVEL_VERDICT[snapshot.level];
  return rest.length > 0 ? `${first.title} (+${rest.length} more)` : first.title;
}

/** "checked 3 min ago" ("checked just now"), or undefined before the first check. */
export function checkedAgo(snapshot: HealthSnapshot, now: number): string | undefined {
  if (snapshot.status === 'pending') return undefined;
  const at = Date.parse(snapshot.checkedAt);
  if (Number.isNaN(at)) return undefined;
  return `checked ${formatAgo(now - at)}`;
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
