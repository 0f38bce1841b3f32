// The AI-client configuration audit, Node side: discovery, read-only parsing, watching, CLI.
// The rules themselves are pure and live in shared/client-audit.ts.
export { startClientAudit, type ClientAuditor, type ClientAuditorOptions } from './auditor';
export { runClientsCommand, CLIENTS_USAGE, HOME_ENV, type ClientsCommandIo } from './cli';
export { formatClientReport } from './format';
export {
  appDataDir,
  displayPath,
  projectClientConfigs,
  userClientConfigs,
  type ClientConfigLocation,
  type ClientEnvironment,
  type ClientPlatform,
  type ConfigFormat,
} from './locations';
export { parseConfigText, type ParsedConfig } from './parse';
export { readClientConfig, type ReadResult } from './read';
export { scanClientConfigs, type ClientAuditLog, type ClientScan } from './scan';
export { watchClientConfigs, type WatchOptions } from './watch';
