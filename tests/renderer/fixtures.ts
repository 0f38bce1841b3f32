// Realistic AppState fixtures for the window's tests: what main would push for a trader on a Mac
// watching NinjaTrader 8 on a Windows VPS, in every state the health model knows.
import { CATALOG } from '../../shared/catalog';
import { OFFICIAL_MCP_URL } from '../../shared/crosstrade';
import {
  worstLevel,
  type HealthSnapshot,
  type Level,
  type Problem,
  type ProblemId,
} from '../../shared/health';
import type { HistoryPoint, HistorySummary, Incident } from '../../shared/history';
import type { AppState } from '../../shared/ipc';
import { CAPABILITIES_1_13, SELF_TEST_OK } from '../fixtures/crosstrade-answers';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** What a check would have seen for each problem (redacted, as diagnose() words it). */
export const CAUSES: Record<ProblemId, string> = {
  signed_out: CATALOG.signed_out.summary,
  token_invalid:
    'The refresh token was rejected (invalid_grant) (GetMcpCapabilities: HTTP 401 invalid_token — The access token is invalid or has been revoked)',
  clock_skew: "CrossTrade's clock is 7 min ahead of this computer's.",
  subscription_required:
    'GetMcpCapabilities: HTTP 403 — {"error":"MCP requires an Elite subscription"}',
  insufficient_scope:
    'GetMcpCapabilities: HTTP 403 insufficient_scope — Bearer error="insufficient_scope", scope="mcp:read"',
  scope_too_broad:
    'CrossTrade granted "mcp:read mcp:trade"; the monitor asked for mcp:read only (mcp:trade can place or change trades).',
  nt8_not_running: 'No NinjaTrader.exe process is running, and the add-on is unreachable.',
  addon_disconnected:
    'GetMcpCapabilities: HTTP 408 addon_disconnected — {"error":"addon_disconnected","message":"CrossTrade Add-On is not connected"}',
  nt8_unresponsive: 'GetConnections: no answer after 10 s',
  addon_outdated:
    'Add-on v1.12.4 is older than the v1.13.0 MCP needs; "backtest" is missing from its features.',
  broker_disconnected: 'Rithmic is ConnectionLost.',
  tools_missing: 'tools/list lacks ListPositions.',
  selftest_degraded: 'McpSelfTest: transport degraded.',
  rate_limited: 'GetMcpCapabilities: HTTP 429 — {"error":"Rate limit exceeded"} (retry after 30 s)',
  server_error: 'GetMcpCapabilities: HTTP 500 server_error — Internal server error',
  endpoint_not_found: 'connect: HTTP 404 — {"error":"not_found","did_you_mean":"/v1/api/mcp"}',
  discovery_failed:
    'connect: HTTP 429 too_many_registrations — Client registration was rate-limited.',
  network_unreachable: 'connect: ECONNREFUSED — connect ECONNREFUSED 104.18.12.33:443',
  malformed_response: 'GetMcpCapabilities: the reply was not JSON — <!DOCTYPE html><html>…',
  client_misconfigured:
    'Claude Desktop (crosstrade): uses the legacy mcp.crosstrade.io address with the SSE transport',
  market_closed: 'Outside your trading hours: The CrossTrade Add-On is disconnected.',
  tls_untrusted:
    'connect: CrossTrade\'s certificate was refused (SELF_SIGNED_CERT_IN_CHAIN: it was signed by an issuer this computer does not trust); it was issued by "Avast Web/Mail Shield Root".',
  offline: 'The operating system reports no network connection. connect: ENOTFOUND',
};

export function problem(id: ProblemId, cause = CAUSES[id]): Problem {
  const entry = CATALOG[id];
  return { id, level: entry.level, title: entry.title, cause, steps: entry.steps };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function healthySnapshot(now = Date.now()): HealthSnapshot {
  return {
    level: 'ok',
    problems: [],
    status: 'checked',
    checkedAt: iso(now - 12 * SECOND),
    serverUrl: OFFICIAL_MCP_URL,
    latencyMs: 412,
    capabilities: {
      addonVersion: CAPABILITIES_1_13.addon_version,
      nt8Version: CAPABILITIES_1_13.nt8_version,
      features: CAPABILITIES_1_13.features,
      backtestEngine: { available: true, engine: 'nt8_strategy_analyzer' },
      warnings: [],
      extra: { job_ttl_minutes: 30 },
    },
    connections: [
      { name: 'Rithmic', status: 'Connected' },
      { name: 'Kinetick', status: 'Connected' },
    ],
    selfTest: SELF_TEST_OK,
    tools: [
      'GetMcpCapabilities',
      'McpSelfTest',
      'ListAccounts',
      'GetConnections',
      'ListPositions',
      'ListOrders',
    ],
    token: {
      state: 'signed_in',
      scope: 'mcp:read',
      accessExpiresAt: iso(now + 52 * MINUTE),
      refreshTokenPresent: true,
      lastRefreshAt: iso(now - 8 * MINUTE),
      lastRefreshResult: 'ok',
    },
    nt8Process: 'unknown',
  };
}

/** A checked snapshot with these problems active (root cause first), level from the worst. */
export function snapshotWith(ids: ProblemId[], now = Date.now()): HealthSnapshot {
  const base = healthySnapshot(now);
  const problems = ids.map((id) => problem(id));
  const level = problems.reduce<Level>((worst, p) => worstLevel(worst, p.level), 'ok');
  const snapshot: HealthSnapshot = { ...base, level, problems };
  if (ids.includes('signed_out')) {
    snapshot.token = { state: 'signed_out', refreshTokenPresent: false };
    delete snapshot.capabilities;
    delete snapshot.connections;
    delete snapshot.selfTest;
    delete snapshot.latencyMs;
    snapshot.level = worstLevel('unknown', level);
  }
  if (ids.includes('addon_disconnected') || ids.includes('nt8_not_running')) {
    snapshot.capabilities = { features: [], warnings: [], extra: {} };
    snapshot.tools = ['GetMcpCapabilities', 'McpSelfTest'];
    delete snapshot.connections;
  }
  if (ids.includes('addon_outdated') && snapshot.capabilities) {
    snapshot.capabilities = {
      ...snapshot.capabilities,
      addonVersion: '1.12.4',
      features: ['compile', 'strategy_state', 'alert_relay'],
      warnings: ['Outdated CrossTrade Add-On: update to v1.13.0 for MCP features'],
    };
  }
  if (ids.includes('broker_disconnected')) {
    snapshot.connections = [
      { name: 'Rithmic', status: 'ConnectionLost' },
      { name: 'Kinetick', status: 'Connected' },
    ];
  }
  if (ids.includes('token_invalid')) {
    snapshot.token = {
      state: 'rejected',
      scope: 'mcp:read',
      refreshTokenPresent: true,
      lastRefreshAt: iso(now - 2 * MINUTE),
      lastRefreshResult: 'failed',
      rejectedReason: 'The refresh token was rejected (invalid_grant)',
    };
  }
  if (ids.includes('client_misconfigured')) {
    snapshot.clientFindings = [
      {
        client: 'Claude Desktop',
        file: '~/Library/Application Support/Claude/claude_desktop_config.json',
        entry: 'crosstrade',
        problem: 'Uses the legacy mcp.crosstrade.io address with the SSE transport.',
        fix: 'Set the URL to https://app.crosstrade.io/v1/api/mcp and remove "transport": "sse".',
      },
    ];
  }
  return snapshot;
}

/** Checks every 30 s over the last 24 h: all ok except a 14-minute add-on outage 3 h ago. */
export function historyFixture(now = Date.now(), incidents?: Incident[]): HistorySummary {
  const points: HistoryPoint[] = [];
  const outageStart = now - 3 * HOUR;
  const outageEnd = outageStart + 14 * MINUTE;
  for (let at = now - 24 * HOUR + 30 * SECOND; at <= now - 12 * SECOND; at += 30 * SECOND) {
    const level: Level = at >= outageStart && at < outageEnd ? 'error' : 'ok';
    points.push({ at: iso(at), level });
  }
  return {
    points,
    incidents: incidents ?? [
      {
        startedAt: iso(outageStart),
        endedAt: iso(outageEnd),
        level: 'error',
        problemIds: ['addon_disconnected'],
        durationMs: 14 * MINUTE,
      },
      {
        startedAt: iso(now - 20 * HOUR),
        endedAt: iso(now - 20 * HOUR + 3 * MINUTE),
        level: 'warning',
        problemIds: ['broker_disconnected'],
        durationMs: 3 * MINUTE,
      },
    ],
    uptime24h: 0.9878,
  };
}

export function appState(overrides: Partial<AppState> = {}, now = Date.now()): AppState {
  return {
    snapshot: healthySnapshot(now),
    checking: false,
    nextCheckAt: iso(now + 18 * SECOND),
    history: historyFixture(now),
    settings: { ...DEFAULT_SETTINGS, notifications: { ...DEFAULT_SETTINGS.notifications } },
    secretStorage: 'encrypted',
    signIn: { state: 'idle' },
    appVersion: '0.1.0',
    ...overrides,
  };
}

/** The window's state with these problems active. */
export function problemState(
  ids: ProblemId[],
  overrides: Partial<AppState> = {},
  now = Date.now(),
): AppState {
  return appState({ snapshot: snapshotWith(ids, now), ...overrides }, now);
}

/** First run: never signed in, nothing checked. */
export function signedOutState(now = Date.now()): AppState {
  const snapshot = snapshotWith(['signed_out'], now);
  return appState(
    {
      snapshot,
      nextCheckAt: undefined,
      history: { points: [], incidents: [], uptime24h: null },
    },
    now,
  );
}
