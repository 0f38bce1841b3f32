// Settings rules the window checks as you type: zod-free, so the window bundles no validator.
// settings.ts builds the schema main validates with from these.
import { LEGACY_MCP_HOST, OFFICIAL_MCP_URL } from './crosstrade';

export const MIN_INTERVAL_SEC = 10;
export const MAX_INTERVAL_SEC = 600;

export type UrlCheck = { ok: true; warning?: string } | { ok: false; error: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** https everywhere except loopback (the simulator); warns on anything but the documented URL. */
export function checkMcpUrl(raw: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `"${raw}" is not a URL. Use ${OFFICIAL_MCP_URL}.` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    return { ok: false, error: `The MCP URL must start with https:// (got ${url.protocol}//).` };
  }
  if (url.username || url.password) {
    return { ok: false, error: 'The MCP URL must not contain a user name or password.' };
  }
  if (url.hostname === LEGACY_MCP_HOST) {
    return {
      ok: true,
      warning: `${LEGACY_MCP_HOST} is a legacy address that was never the live server. Use ${OFFICIAL_MCP_URL}.`,
    };
  }
  if (url.href !== OFFICIAL_MCP_URL && !isLoopbackUrl(url)) {
    return {
      ok: true,
      warning: `This is not CrossTrade's documented address (${OFFICIAL_MCP_URL}).`,
    };
  }
  return { ok: true };
}
