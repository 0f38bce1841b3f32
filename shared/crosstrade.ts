// Facts about CrossTrade's hosted MCP service that the monitor relies on (crosstrade-mcp.md).

export const OFFICIAL_MCP_URL = 'https://app.crosstrade.io/v1/api/mcp';
export const LEGACY_MCP_HOST = 'mcp.crosstrade.io';
export const AI_CLIENTS_URL = 'https://app.crosstrade.io/user/my-account?tab=ai-clients';
export const SUBSCRIPTIONS_URL = 'https://app.crosstrade.io/user/subscriptions';
export const DOCS_URL = 'https://crosstrade.io/docs/api/mcp-trading';
export const TROUBLESHOOTING_URL = 'https://crosstrade.io/docs/api/mcp-trading/troubleshooting';

/** The only scope the monitor ever asks for. */
export const MONITOR_SCOPE = 'mcp:read';
export const MIN_ADDON_VERSION = '1.13.0';
export const CLOCK_SKEW_LIMIT_MS = 2 * 60 * 1000;

/** Write tools (mcp:trade). The monitor never calls any of them. */
export const WRITE_TOOLS = [
  'PlaceOrder',
  'Change',
  'CancelReplace',
  'Cancel',
  'CancelOrder',
  'CancelOrders',
  'CancelAllOrders',
  'CancelAndBracket',
  'FlatPlace',
  'ClosePosition',
  'Flatten',
  'FlattenEverything',
  'Reverse',
  'ReversePosition',
  'CompileNinjaScript',
  'WriteNinjaScriptFile',
  'DeleteCompiledSnippet',
  'RunStrategyBacktest',
  'RunBacktest',
  'CancelMcpJob',
  'DeployStrategy',
  'StartStrategy',
  'StopStrategy',
  'CloseStrategy',
  'EnableStrategy',
  'DisableStrategy',
  'SaveWorkspace',
  'LoadWorkspace',
  'OpenChart',
  'AddDrawing',
  'RemoveDrawing',
  'EmitMcpAlert',
  'CreateAlert',
  'RemoveAlert',
  'Connect',
  'Disconnect',
  'EnsureReplayConnection',
  'UpdateConfiguration',
] as const;

const writeToolSet: ReadonlySet<string> = new Set(WRITE_TOOLS);
export function isWriteTool(name: string): boolean {
  return writeToolSet.has(name);
}
