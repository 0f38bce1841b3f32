// Realistic observations for diagnose() tests: what the probe records for each CrossTrade state.
import type { CallRecord, Observation, TokenStatus } from '../../shared/health';
import { CAPABILITIES_1_13 } from '../fixtures/crosstrade-answers';

export { CAPABILITIES_1_13 };

export const ALL_TOOLS = [
  'GetMcpCapabilities',
  'McpSelfTest',
  'ListAccounts',
  'GetConnections',
  'ListPositions',
  'GetQuote',
];

export const SIGNED_IN: TokenStatus = {
  state: 'signed_in',
  scope: 'mcp:read',
  accessExpiresAt: '2026-11-25T18:45:00.000Z',
  refreshTokenPresent: true,
};

export function call(name: string, fields: Partial<CallRecord> = {}): CallRecord {
  return { name, outcome: 'ok', ms: 42, status: 200, ...fields };
}

export function capabilitiesCall(payload: unknown = CAPABILITIES_1_13): CallRecord {
  return call('GetMcpCapabilities', { result: payload, text: JSON.stringify(payload) });
}

export function failedCapabilities(fields: Partial<CallRecord>): CallRecord {
  return call('GetMcpCapabilities', { outcome: 'http_error', ...fields });
}

/** A healthy check, with any field overridden. */
export function observation(overrides: Partial<Observation> = {}): Observation {
  return {
    checkedAt: '2026-11-25T17:45:00.000Z',
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    token: SIGNED_IN,
    calls: [call('connect'), call('tools/list'), capabilitiesCall()],
    tools: ALL_TOOLS,
    nt8Process: 'unknown',
    latencyMs: 84,
    ...overrides,
  };
}

/** The same check, with the capabilities call replaced. */
export function withCapabilities(
  capabilities: CallRecord,
  overrides: Partial<Observation> = {},
): Observation {
  return observation({ calls: [call('connect'), call('tools/list'), capabilities], ...overrides });
}
