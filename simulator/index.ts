/**
 * CrossTrade MCP simulator: a local stand-in for `https://app.crosstrade.io/v1/api/mcp` with real
 * OAuth 2.1 and Streamable HTTP, able to produce every failure the monitor must recognise.
 */
export { startSimulator } from './server.js';
export type { Simulator, SimulatorOptions, SimulatorStats } from './server.js';
export { ADDON_ENCODINGS, SCENARIO_NAMES, ScenarioError, parseScenario } from './scenarios.js';
export type { AddonEncoding, ScenarioName, ScenarioOptions, SimulatorState } from './scenarios.js';
export { SCOPES } from './oauth.js';
export type { Scope } from './oauth.js';
export type { ChallengeStyle } from './mcp.js';
export { WRITE_TOOL_NAMES } from './tools.js';
