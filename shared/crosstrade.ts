// Facts about CrossTrade's hosted MCP service that the monitor relies on: its addresses, the
// read-only scope, the oldest add-on MCP works with, and how far the clocks may drift.

export const OFFICIAL_MCP_URL = 'https://app.crosstrade.io/v1/api/mcp';
export const LEGACY_MCP_HOST = 'mcp.crosstrade.io';
export const AI_CLIENTS_URL = 'https://app.crosstrade.io/user/my-account?tab=ai-clients';
export const SUBSCRIPTIONS_URL = 'https://app.crosstrade.io/user/subscriptions';
export const DOCS_URL = 'https://crosstrade.io/docs/api/mcp-trading';
/** The account page where CrossTrade offers the add-on's download. */
export const ADDON_DOWNLOAD_URL = 'https://app.crosstrade.io/user/my-account';
export const TROUBLESHOOTING_URL = 'https://crosstrade.io/docs/api/mcp-trading/troubleshooting';

/** The only scope the monitor ever asks for. */
export const MONITOR_SCOPE = 'mcp:read';

/** The scopes of a grant beyond the read-only one the monitor asks for (e.g. `mcp:trade`). */
export function scopesBeyondRead(scope: string | undefined): string[] {
  if (typeof scope !== 'string') return [];
  return scope.split(/\s+/).filter((one) => one !== '' && one !== MONITOR_SCOPE);
}
export const MIN_ADDON_VERSION = '1.13.0';
export const CLOCK_SKEW_LIMIT_MS = 2 * 60 * 1000;
