// The AI-client configuration audit: pure rules over the trader's MCP client settings.
// Input: parsed configuration documents; output: ClientFinding[] plus a per-client summary.
// Discovery and file reading live in electron/monitor/clients/ (Node); nothing here touches a file.
//
// Privacy: extraction keeps CrossTrade's entries only, and keeps no secret from them, just where
// each secret sits (`headers.Authorization`). Every text leaving here is redacted.
export { claudeCodeProjectDirs, extractCrossTradeEntries, scanDocument } from './extract';
export { positionText } from './advice';
export { auditClientFiles } from './rules';
export type * from './types';
