// The CrossTrade MCP tools the monitor knows by name. All are read-only (mcp:read): the probe
// calls the first four, diagnosis reads their results, and tools/list is checked for the rest.

export const TOOL = {
  /** Cheap; called every check: add-on version, NT8 version, features. */
  capabilities: 'GetMcpCapabilities',
  /** Broker connections inside NinjaTrader; slow-changing, read every few checks. */
  connections: 'GetConnections',
  /** Server and add-on self-test; read once per session, never with `deep`. */
  selfTest: 'McpSelfTest',
  /** Account names, used only to alias them in the support report. */
  accounts: 'ListAccounts',
  positions: 'ListPositions',
} as const;
export type ToolName = (typeof TOOL)[keyof typeof TOOL];

/** Always listed by the server, add-on or not. */
export const MONITOR_TOOLS = [TOOL.capabilities] as const;
/** Read tools a typical agent needs; hidden from tools/list while no add-on is connected. */
export const ADDON_READ_TOOLS = [TOOL.accounts, TOOL.connections, TOOL.positions] as const;

/**
 * CrossTrade's mcp:trade tools: an mcp:read grant can never call them, and the monitor never
 * does (tests assert it). The simulator serves them; explain recognises them in a pasted error.
 */
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
