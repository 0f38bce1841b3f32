import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import {
  LEVELS,
  PROBLEM_IDS,
  worstLevel,
  type CallOutcome,
  type HealthSnapshot,
  type Level,
  type Observation,
  type ProblemId,
} from '../../shared/health';
import {
  ALL_TOOLS,
  CAPABILITIES_1_13,
  call,
  capabilitiesCall,
  failedCapabilities,
  observation,
  withCapabilities,
} from './observations';

const ADDON_HIDDEN_TOOLS = ['GetMcpCapabilities', 'McpSelfTest'];
const EMPTY_ADDON_SIDE = {
  addon_version: null,
  nt8_version: null,
  features: [],
  backtest_engine: null,
};
const MISCONFIGURED = {
  client: 'Claude Desktop',
  file: '~/Library/Application Support/Claude/claude_desktop_config.json',
  entry: 'crosstrade',
  problem: 'uses the legacy address mcp.crosstrade.io',
  fix: 'Change the URL to https://app.crosstrade.io/v1/api/mcp.',
};

interface Case {
  name: string;
  observation: Observation;
  expected: ProblemId[];
  level: Level;
  previous?: HealthSnapshot;
  causeIncludes?: string;
}

/** An add-on tool (GetConnections) hangs after GetMcpCapabilities answered: a capabilities hang
 * would be CrossTrade's own. */
function addonToolHangs(overrides: Partial<Observation> = {}): Observation {
  return observation({
    calls: [
      call('connect'),
      call('tools/list'),
      capabilitiesCall(),
      call('GetConnections', {
        outcome: 'timeout',
        status: undefined,
        errorClass: 'SdkError',
        errorCode: 'REQUEST_TIMEOUT',
        ms: 10_000,
      }),
    ],
    ...overrides,
  });
}

const cases: Case[] = [
  { name: 'a healthy chain is all clear', observation: observation(), expected: [], level: 'ok' },
  {
    name: 'CrossTrade granted the monitor mcp:trade: a warning, the chain still checked',
    observation: observation({
      token: { state: 'signed_in', refreshTokenPresent: true, scope: 'mcp:read mcp:trade' },
    }),
    expected: ['scope_too_broad'],
    level: 'warning',
  },
  {
    name: 'no credentials yet: signed out, grey',
    observation: observation({
      token: { state: 'signed_out', refreshTokenPresent: false },
      calls: [
        call('connect', { outcome: 'unauthorized', status: 401, errorClass: 'UnauthorizedError' }),
      ],
      tools: undefined,
    }),
    expected: ['signed_out'],
    level: 'unknown',
  },
  {
    name: 'access and refresh revoked on AI Clients: token invalid',
    observation: observation({
      calls: [
        call('connect', { outcome: 'unauthorized', status: 401, errorClass: 'UnauthorizedError' }),
      ],
      tools: undefined,
    }),
    expected: ['token_invalid'],
    level: 'error',
  },
  {
    name: 'a refresh rejected earlier keeps the token invalid, with the reason',
    observation: observation({
      token: {
        state: 'rejected',
        refreshTokenPresent: false,
        rejectedReason: 'CrossTrade rejected the refresh token (invalid_grant)',
      },
      calls: [call('connect', { outcome: 'unauthorized', errorClass: 'UnauthorizedError' })],
      tools: undefined,
    }),
    expected: ['token_invalid'],
    level: 'error',
    causeIncludes: 'invalid_grant',
  },
  {
    name: '401 again right after a refresh: token invalid',
    observation: withCapabilities(
      failedCapabilities({
        status: 401,
        errorClass: 'SdkHttpError',
        errorCode: 'CLIENT_HTTP_AUTHENTICATION',
        body: '{"error":"invalid_token"}',
      }),
    ),
    expected: ['token_invalid'],
    level: 'error',
  },
  {
    name: 'clock off by 9 minutes alone is a warning',
    observation: observation({ clockSkewMs: 9 * 60_000 }),
    expected: ['clock_skew'],
    level: 'warning',
    causeIncludes: '9 min ahead',
  },
  {
    name: 'a 401 with the clock off lists the clock first, as its cause',
    observation: withCapabilities(
      failedCapabilities({ status: 401, body: '{"error":"invalid_token"}' }),
      {
        clockSkewMs: -7 * 60_000,
      },
    ),
    expected: ['clock_skew', 'token_invalid'],
    level: 'error',
  },
  {
    name: 'Elite 403 as plain text',
    observation: withCapabilities(
      failedCapabilities({ status: 403, body: 'MCP requires an Elite subscription' }),
    ),
    expected: ['subscription_required'],
    level: 'error',
  },
  {
    name: 'Elite 403 as {"error": message}',
    observation: withCapabilities(
      failedCapabilities({ status: 403, body: '{"error":"MCP requires an Elite subscription"}' }),
    ),
    expected: ['subscription_required'],
    level: 'error',
  },
  {
    name: 'Elite 403 as subscription_required code',
    observation: withCapabilities(
      failedCapabilities({
        status: 403,
        body: '{"error":"subscription_required","message":"MCP requires an Elite subscription"}',
      }),
    ),
    expected: ['subscription_required'],
    level: 'error',
  },
  {
    name: 'insufficient_scope in the WWW-Authenticate header',
    observation: withCapabilities(
      failedCapabilities({
        outcome: 'insufficient_scope',
        status: 403,
        errorClass: 'InsufficientScopeError',
        headers: { wwwAuthenticate: 'Bearer error="insufficient_scope", scope="mcp:read"' },
      }),
    ),
    expected: ['insufficient_scope'],
    level: 'error',
  },
  {
    // What the recording fetch keeps when the SDK did not raise InsufficientScopeError: a bare 403.
    name: 'insufficient_scope only in the WWW-Authenticate header of a bare HTTP 403',
    observation: withCapabilities(
      failedCapabilities({
        status: 403,
        headers: { wwwAuthenticate: 'Bearer error="insufficient_scope", scope="mcp:trade"' },
      }),
    ),
    expected: ['insufficient_scope'],
    level: 'error',
    causeIncludes: 'error="insufficient_scope"',
  },
  {
    name: 'insufficient_scope as a JSON body',
    observation: withCapabilities(
      failedCapabilities({
        status: 403,
        body: '{"error":"insufficient_scope","scope":"mcp:read"}',
      }),
    ),
    expected: ['insufficient_scope'],
    level: 'error',
  },
  {
    name: 'insufficient_scope as a JSON-RPC error',
    observation: withCapabilities(
      failedCapabilities({
        outcome: 'rpc_error',
        status: undefined,
        errorCode: -32003,
        message: 'insufficient_scope: mcp:read required',
      }),
    ),
    expected: ['insufficient_scope'],
    level: 'error',
  },
  {
    name: 'add-on down as HTTP 408 addon_disconnected',
    observation: withCapabilities(
      failedCapabilities({ status: 408, body: '{"error":"addon_disconnected"}' }),
      {
        nt8Process: 'running',
      },
    ),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: "add-on down as HTTP 408, told in the server's words rather than the SDK's wrapper",
    observation: withCapabilities(
      failedCapabilities({
        status: 408,
        errorClass: 'SdkHttpError',
        message:
          'Error POSTing to endpoint: {"error":"addon_disconnected","message":"addon_disconnected: The CrossTrade Add-On is not connected."}',
      }),
    ),
    expected: ['addon_disconnected'],
    level: 'error',
    causeIncludes:
      'GetMcpCapabilities: HTTP 408 — addon_disconnected: The CrossTrade Add-On is not connected.',
  },
  {
    name: 'add-on down as a plain 408 timeout',
    observation: withCapabilities(failedCapabilities({ status: 408, body: '' })),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: 'add-on down as a tool result with isError',
    observation: withCapabilities(
      call('GetMcpCapabilities', {
        outcome: 'tool_error',
        text: 'addon_disconnected: the CrossTrade Add-On is not connected',
      }),
    ),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: 'add-on down as a JSON-RPC error',
    observation: withCapabilities(
      failedCapabilities({
        outcome: 'rpc_error',
        status: undefined,
        errorCode: -32000,
        message: 'addon_disconnected',
      }),
    ),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: 'add-on down as an empty add-on side, tools hidden',
    observation: withCapabilities(capabilitiesCall(EMPTY_ADDON_SIDE), {
      tools: ADDON_HIDDEN_TOOLS,
    }),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: 'add-on tools hidden from tools/list is a disconnect signal on its own',
    // Only tools/list ran in this check: no capabilities answer to confirm or deny the add-on.
    observation: observation({
      calls: [call('connect'), call('tools/list')],
      tools: ADDON_HIDDEN_TOOLS,
    }),
    expected: ['addon_disconnected'],
    level: 'error',
    causeIncludes: 'tools/list hides the add-on tools',
  },
  {
    name: 'an empty add-on side is a disconnect signal on its own',
    // tools/list was not re-read in this check, so only the capabilities payload speaks.
    observation: observation({
      calls: [call('connect'), capabilitiesCall(EMPTY_ADDON_SIDE)],
      tools: undefined,
    }),
    expected: ['addon_disconnected'],
    level: 'error',
    causeIncludes: 'empty add-on side',
  },
  {
    name: 'NT8 not running outranks and replaces the add-on disconnect',
    observation: withCapabilities(
      failedCapabilities({ status: 408, body: '{"error":"addon_disconnected"}' }),
      {
        nt8Process: 'not_running',
        tools: ADDON_HIDDEN_TOOLS,
      },
    ),
    expected: ['nt8_not_running'],
    level: 'error',
  },
  {
    name: 'NT8 on another computer: an add-on drop never claims NT8 is closed here',
    observation: withCapabilities(failedCapabilities({ status: 408 }), {
      nt8Process: 'not_running',
      nt8Location: 'remote',
    }),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: 'calls hang while no NinjaTrader runs here: it is closed, not unresponsive',
    observation: addonToolHangs({ nt8Process: 'not_running', nt8Location: 'local' }),
    expected: ['nt8_not_running'],
    level: 'error',
  },
  {
    name: 'a hang with Windows evidence: not responding, and the dialog it shows',
    observation: addonToolHangs({
      nt8Process: 'running',
      nt8Location: 'local',
      nt8Hang: { responding: false, dialogs: ['Connection lost - Rithmic'] },
    }),
    expected: ['nt8_unresponsive'],
    level: 'error',
    causeIncludes:
      "Windows says NinjaTrader is not responding; it shows a dialog: 'Connection lost - Rithmic'.",
  },
  {
    name: 'outside trading hours an add-on drop is the grey market_closed',
    observation: withCapabilities(failedCapabilities({ status: 408 }), {
      nt8Process: 'unknown',
      marketOpen: false,
    }),
    expected: ['market_closed'],
    level: 'unknown',
  },
  {
    name: 'outside trading hours NT8 closed here is market_closed too',
    observation: withCapabilities(failedCapabilities({ status: 408 }), {
      nt8Process: 'not_running',
      nt8Location: 'local',
      marketOpen: false,
    }),
    expected: ['market_closed'],
    level: 'unknown',
    causeIncludes: 'NinjaTrader 8 is not running',
  },
  {
    name: 'outside trading hours a subscription problem still shows',
    observation: withCapabilities(
      failedCapabilities({ status: 403, body: '{"error":"MCP requires an Elite subscription"}' }),
      { marketOpen: false },
    ),
    expected: ['subscription_required'],
    level: 'error',
  },
  {
    name: 'an unknown NT8 process state never claims NT8 is closed',
    observation: withCapabilities(failedCapabilities({ status: 408 }), { nt8Process: 'unknown' }),
    expected: ['addon_disconnected'],
    level: 'error',
  },
  {
    name: 'add-on tools hang while the server answers: NT8 unresponsive',
    observation: addonToolHangs(),
    expected: ['nt8_unresponsive'],
    level: 'error',
  },
  {
    name: 'add-on v1.12.4 without backtest is outdated',
    observation: withCapabilities(
      capabilitiesCall({
        addon_version: '1.12.4',
        nt8_version: '8.1.5.2',
        features: ['compile', 'strategy_state'],
      }),
    ),
    expected: ['addon_outdated'],
    level: 'warning',
    causeIncludes: 'v1.12.4',
  },
  {
    name: 'an outdated-add-on warning string alone',
    observation: withCapabilities(
      capabilitiesCall({
        ...CAPABILITIES_1_13,
        warning: 'Add-on is outdated: update the CrossTrade Add-On',
      }),
    ),
    expected: ['addon_outdated'],
    level: 'warning',
  },
  {
    name: 'an unreadable add-on version is reported, not thrown',
    observation: withCapabilities(
      capabilitiesCall({ ...CAPABILITIES_1_13, addon_version: 'dev-build' }),
    ),
    expected: ['addon_outdated'],
    level: 'warning',
    causeIncludes: 'dev-build',
  },
  {
    name: 'a broker connection lost',
    observation: observation({
      calls: [
        call('connect'),
        call('tools/list'),
        capabilitiesCall(),
        call('GetConnections', {
          result: {
            connections: [
              { name: 'Rithmic', status: 'ConnectionLost' },
              { name: 'Sim', status: 'Connected' },
            ],
          },
        }),
      ],
    }),
    expected: ['broker_disconnected'],
    level: 'warning',
    causeIncludes: 'Rithmic is ConnectionLost',
  },
  {
    name: 'tools missing while the add-on is connected',
    observation: observation({
      tools: ['GetMcpCapabilities', 'McpSelfTest', 'ListAccounts', 'GetConnections'],
    }),
    expected: ['tools_missing'],
    level: 'warning',
    causeIncludes: 'ListPositions',
  },
  {
    name: 'self-test transport degraded',
    observation: observation({
      calls: [
        ...observation().calls,
        call('McpSelfTest', {
          text: JSON.stringify({
            transport: 'degraded',
            categories: { accounts: 'ok' },
            warnings: [],
          }),
        }),
      ],
    }),
    expected: ['selftest_degraded'],
    level: 'warning',
  },
  {
    name: 'self-test category unavailable',
    observation: observation({
      calls: [
        ...observation().calls,
        call('McpSelfTest', {
          result: {
            transport: 'ok',
            categories: { accounts: 'ok', backtest: 'unavailable' },
            warnings: [],
          },
        }),
      ],
    }),
    expected: ['selftest_degraded'],
    level: 'warning',
    causeIncludes: 'backtest is unavailable',
  },
  {
    name: 'an old add-on explains an unavailable self-test category: listed once, as outdated',
    observation: observation({
      calls: [
        call('connect'),
        capabilitiesCall({ addon_version: '1.12.4', features: ['compile'] }),
        call('McpSelfTest', {
          result: {
            transport: 'ok',
            categories: { accounts: 'ok', backtest: 'unavailable' },
            warnings: [],
          },
        }),
      ],
    }),
    expected: ['addon_outdated'],
    level: 'warning',
  },
  {
    name: 'a sub-second timeout says how long in ms',
    observation: observation({
      calls: [
        call('connect'),
        capabilitiesCall(),
        call('GetConnections', { outcome: 'timeout', ms: 750, errorCode: 'REQUEST_TIMEOUT' }),
      ],
    }),
    expected: ['nt8_unresponsive'],
    level: 'error',
    causeIncludes: 'no answer after 750 ms',
  },
  {
    name: 'GetMcpCapabilities hangs after the handshake answered: CrossTrade, not the network',
    observation: withCapabilities(
      failedCapabilities({ outcome: 'timeout', status: undefined, ms: 10_000 }),
    ),
    expected: ['server_error'],
    level: 'error',
    causeIncludes:
      'CrossTrade accepted the connection but its tools did not answer within 10 s. GetMcpCapabilities: no answer after 10 s',
  },
  {
    name: 'a hang on an open session whose stream answered is not "no internet" either',
    observation: observation({
      calls: [failedCapabilities({ outcome: 'timeout', status: undefined, ms: 10_000 })],
      tools: undefined,
      responses: 1,
    }),
    expected: ['server_error'],
    level: 'error',
    causeIncludes: 'did not answer within 10 s',
  },
  {
    name: 'an add-on tool hangs after CrossTrade answered: NinjaTrader is not responding',
    observation: observation({
      calls: [
        capabilitiesCall(),
        call('McpSelfTest', { outcome: 'timeout', ms: 10_000, errorCode: 'REQUEST_TIMEOUT' }),
      ],
      responses: 1,
    }),
    expected: ['nt8_unresponsive'],
    level: 'error',
  },
  {
    name: 'nothing came back at all: the network',
    observation: observation({
      calls: [failedCapabilities({ outcome: 'timeout', status: undefined, ms: 10_000 })],
      tools: undefined,
      responses: 0,
    }),
    expected: ['network_unreachable'],
    level: 'error',
    causeIncludes: 'CrossTrade did not answer',
  },
  {
    name: 'a re-signed certificate (antivirus HTTPS scanning) names the code and the issuer',
    observation: observation({
      calls: [
        call('connect', {
          outcome: 'network_error',
          errorClass: 'TypeError',
          errorCode: 'SELF_SIGNED_CERT_IN_CHAIN',
          message: 'fetch failed (SELF_SIGNED_CERT_IN_CHAIN)',
          issuer: 'Avast Web/Mail Shield Root',
        }),
      ],
      tools: undefined,
    }),
    expected: ['tls_untrusted'],
    level: 'error',
    causeIncludes:
      'SELF_SIGNED_CERT_IN_CHAIN: it was signed by an issuer this computer does not trust); it was issued by "Avast Web/Mail Shield Root"',
  },
  {
    name: 'an expired-looking certificate points at the clock',
    observation: observation({
      calls: [call('connect', { outcome: 'network_error', errorCode: 'CERT_HAS_EXPIRED' })],
      tools: undefined,
    }),
    expected: ['tls_untrusted'],
    level: 'error',
    causeIncludes:
      "CERT_HAS_EXPIRED: it looks expired or not yet valid: check this computer's clock",
  },
  {
    name: "Chromium's certificate codes (the app's net.fetch) are certificate failures too",
    observation: observation({
      calls: [
        call('connect', { outcome: 'network_error', errorCode: 'ERR_CERT_AUTHORITY_INVALID' }),
      ],
      tools: undefined,
    }),
    expected: ['tls_untrusted'],
    level: 'error',
    causeIncludes: 'ERR_CERT_AUTHORITY_INVALID',
  },
  {
    name: 'a proxy that refuses is named, with its answer',
    observation: observation({
      calls: [
        call('connect', {
          outcome: 'network_error',
          errorClass: 'ProxyRefusedError',
          errorCode: 'PROXY_REFUSED',
          message: 'the proxy at 10.0.0.2:3128 refused: 407 Proxy Authentication Required',
        }),
      ],
      tools: undefined,
    }),
    expected: ['network_unreachable'],
    level: 'error',
    causeIncludes: 'connect: the proxy at 10.0.0.2:3128 refused: 407 Proxy Authentication Required',
  },
  {
    name: 'the OS says offline and nothing answered: offline, grey',
    observation: observation({
      calls: [call('connect', { outcome: 'network_error', errorCode: 'ENOTFOUND' })],
      tools: undefined,
      online: false,
      responses: 0,
    }),
    expected: ['offline'],
    level: 'unknown',
    causeIncludes: 'no network connection',
  },
  {
    name: 'a timeout while the OS says offline is offline too',
    observation: observation({
      calls: [failedCapabilities({ outcome: 'timeout', status: undefined, ms: 10_000 })],
      tools: undefined,
      online: false,
    }),
    expected: ['offline'],
    level: 'unknown',
  },
  {
    name: "Chromium's ERR_INTERNET_DISCONNECTED is offline",
    observation: observation({
      calls: [
        call('connect', { outcome: 'network_error', errorCode: 'ERR_INTERNET_DISCONNECTED' }),
      ],
      tools: undefined,
    }),
    expected: ['offline'],
    level: 'unknown',
  },
  {
    name: 'CrossTrade alone failing while online stays network_unreachable',
    observation: observation({
      calls: [call('connect', { outcome: 'network_error', errorCode: 'ENOTFOUND' })],
      tools: undefined,
      online: true,
      responses: 0,
    }),
    expected: ['network_unreachable'],
    level: 'error',
  },
  {
    name: 'rate limited with Retry-After',
    observation: withCapabilities(
      failedCapabilities({
        status: 429,
        body: '{"error":"Rate limit exceeded"}',
        headers: { retryAfter: '30' },
      }),
    ),
    expected: ['rate_limited'],
    level: 'warning',
    causeIncludes: 'retry after 30 s',
  },
  {
    name: 'server error 500',
    observation: withCapabilities(
      failedCapabilities({ status: 500, body: '{"error":"server_error"}' }),
    ),
    expected: ['server_error'],
    level: 'error',
  },
  {
    name: 'service unavailable 503',
    observation: withCapabilities(failedCapabilities({ status: 503, body: 'Service Unavailable' })),
    expected: ['server_error'],
    level: 'error',
  },
  {
    name: 'wrong path: 404 before a session',
    observation: observation({
      serverUrl: 'https://app.crosstrade.io/v1/mcp',
      calls: [
        call('connect', {
          outcome: 'http_error',
          status: 404,
          body: '{"error":"not_found","did_you_mean":"/v1/api/mcp"}',
        }),
      ],
      tools: undefined,
    }),
    expected: ['endpoint_not_found'],
    level: 'error',
  },
  {
    name: 'an HTML page where MCP was expected',
    observation: observation({
      calls: [
        call('connect', {
          outcome: 'unexpected_content',
          errorCode: 'CLIENT_HTTP_UNEXPECTED_CONTENT',
          headers: { contentType: 'text/html; charset=utf-8' },
        }),
      ],
      tools: undefined,
    }),
    expected: ['endpoint_not_found'],
    level: 'error',
  },
  {
    name: 'the legacy mcp.crosstrade.io host',
    observation: observation({
      serverUrl: 'https://mcp.crosstrade.io/sse',
      calls: [
        call('connect', {
          outcome: 'network_error',
          errorCode: 'ENOTFOUND',
          message: 'fetch failed',
        }),
      ],
      tools: undefined,
    }),
    expected: ['network_unreachable', 'endpoint_not_found'],
    level: 'error',
  },
  {
    name: 'a cross-origin redirect',
    observation: observation({
      calls: [
        call('connect', {
          outcome: 'http_error',
          status: 302,
          headers: { location: 'https://example.com/login' },
        }),
      ],
      tools: undefined,
    }),
    expected: ['endpoint_not_found'],
    level: 'error',
  },
  {
    name: 'issuer mismatch during discovery',
    observation: observation({
      calls: [
        call('connect', {
          outcome: 'auth_error',
          errorClass: 'IssuerMismatchError',
          message: 'Issuer mismatch: expected https://app.crosstrade.io',
        }),
      ],
      tools: undefined,
    }),
    expected: ['discovery_failed'],
    level: 'error',
  },
  {
    name: 'connection refused: network unreachable',
    observation: observation({
      calls: [
        call('connect', {
          outcome: 'network_error',
          errorClass: 'TypeError',
          errorCode: 'ECONNREFUSED',
        }),
      ],
      tools: undefined,
    }),
    expected: ['network_unreachable'],
    level: 'error',
  },
  {
    name: 'not JSON-RPC: malformed response',
    observation: withCapabilities(
      failedCapabilities({
        outcome: 'invalid_result',
        status: undefined,
        errorClass: 'SdkError',
        errorCode: 'INVALID_RESULT',
      }),
    ),
    expected: ['malformed_response'],
    level: 'error',
  },
  {
    name: 'a capabilities payload of the wrong shape',
    observation: withCapabilities(capabilitiesCall({ addon_version: 42, features: 'x' })),
    expected: ['malformed_response'],
    level: 'error',
  },
  {
    name: 'capabilities text that is not JSON',
    observation: withCapabilities(call('GetMcpCapabilities', { text: '<html>oops</html>' })),
    expected: ['malformed_response'],
    level: 'error',
  },
  {
    name: 'an AI client set up with the legacy host',
    observation: observation({ clientFindings: [MISCONFIGURED] }),
    expected: ['client_misconfigured'],
    level: 'warning',
    causeIncludes: 'Claude Desktop',
  },
  {
    name: 'a network failure hides what depends on it but keeps local findings',
    observation: observation({
      calls: [call('connect', { outcome: 'network_error', errorCode: 'EAI_AGAIN' })],
      tools: ADDON_HIDDEN_TOOLS,
      clientFindings: [MISCONFIGURED],
    }),
    expected: ['network_unreachable', 'client_misconfigured'],
    level: 'error',
  },
  {
    name: 'a 401 hides add-on problems',
    observation: withCapabilities(
      failedCapabilities({ status: 401, body: '{"error":"invalid_token"}' }),
      {
        tools: ADDON_HIDDEN_TOOLS,
        nt8Process: 'not_running',
      },
    ),
    expected: ['token_invalid'],
    level: 'error',
  },
  {
    name: 'the level is the worst problem: an outdated add-on with a broker down stays amber',
    observation: observation({
      calls: [
        call('connect'),
        capabilitiesCall({ addon_version: 'v1.12.0', features: ['compile'] }),
        call('GetConnections', {
          result: { connections: [{ name: 'Tradovate', status: 'Disconnected' }] },
        }),
      ],
    }),
    expected: ['addon_outdated', 'broker_disconnected'],
    level: 'warning',
  },
];

describe('diagnose', () => {
  it.each(cases)('$name', ({ observation: obs, expected, level, previous, causeIncludes }) => {
    const snapshot = diagnose(obs, previous);
    expect(snapshot.problems.map((p) => p.id)).toEqual(expected);
    expect(snapshot.level).toBe(level);
    if (causeIncludes)
      expect(snapshot.problems.map((p) => p.cause).join(' ')).toContain(causeIncludes);
  });

  it('words the checklist for a VPS when NinjaTrader runs on another computer', () => {
    const drop = (nt8Location: 'local' | 'remote') =>
      diagnose(withCapabilities(failedCapabilities({ status: 408 }), { nt8Location }));
    const remote = drop('remote');
    expect(remote.nt8Location).toBe('remote');
    expect(remote.problems[0]?.steps[0]?.text).toBe('On your VPS: open NinjaTrader 8 and log in.');
    expect(drop('local').problems[0]?.steps[0]?.text).toBe(
      'Make sure NinjaTrader 8 is open and logged in.',
    );
  });

  it('covers every ProblemId with at least one case', () => {
    const covered = new Set(cases.flatMap((c) => c.expected));
    expect(PROBLEM_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('keeps a broker problem between GetConnections polls while the add-on is up', () => {
    const first = diagnose(
      observation({
        calls: [
          ...observation().calls,
          call('GetConnections', {
            result: { connections: [{ name: 'Rithmic', status: 'Connecting' }] },
          }),
        ],
      }),
    );
    const next = diagnose(observation(), first);
    expect(next.problems.map((p) => p.id)).toEqual(['broker_disconnected']);
    expect(next.connections).toEqual([{ name: 'Rithmic', status: 'Connecting' }]);
  });

  it('does not carry stale broker state once the add-on is down', () => {
    const first = diagnose(
      observation({
        calls: [
          ...observation().calls,
          call('GetConnections', {
            result: { connections: [{ name: 'Rithmic', status: 'Disconnected' }] },
          }),
        ],
      }),
    );
    const next = diagnose(withCapabilities(failedCapabilities({ status: 408 })), first);
    expect(next.problems.map((p) => p.id)).toEqual(['addon_disconnected']);
  });

  it('reports what was seen in the capabilities payload, extra fields kept', () => {
    const snapshot = diagnose(observation());
    expect(snapshot.capabilities).toMatchObject({
      addonVersion: '1.13.0',
      nt8Version: '8.1.6.3',
      backtestEngine: { available: true, engine: 'nt8_strategy_analyzer' },
      extra: { job_ttl_minutes: 30 },
    });
    expect(snapshot.tools).toEqual(ALL_TOOLS);
  });

  it('redacts secrets that a server echoed into the evidence', () => {
    const snapshot = diagnose(
      withCapabilities(
        failedCapabilities({
          status: 500,
          body: 'upstream failed for Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmFkZXIifQ.c2lnbmF0dXJl',
        }),
      ),
    );
    const cause = snapshot.problems[0]?.cause ?? '';
    expect(cause).toContain('HTTP 500');
    expect(cause).not.toContain('eyJhbGciOiJIUzI1NiJ9');
  });

  it('never claims ok without a successful capabilities call', () => {
    const snapshot = diagnose(observation({ calls: [call('connect')] }));
    expect(snapshot.level).toBe('unknown');
  });
});

const outcomes: CallOutcome[] = [
  'ok',
  'tool_error',
  'http_error',
  'rpc_error',
  'timeout',
  'unauthorized',
  'insufficient_scope',
  'network_error',
  'unexpected_content',
  'invalid_result',
  'auth_error',
  'other_error',
];

const arbitraryCall = fc.record(
  {
    name: fc.constantFrom(
      'connect',
      'tools/list',
      'GetMcpCapabilities',
      'GetConnections',
      'McpSelfTest',
      'ListAccounts',
    ),
    outcome: fc.constantFrom(...outcomes),
    ms: fc.nat(20_000),
    status: fc.integer({ min: 100, max: 599 }),
    errorClass: fc.string(),
    errorCode: fc.oneof(fc.string(), fc.integer()),
    message: fc.string(),
    body: fc.string(),
    headers: fc.record(
      {
        date: fc.string(),
        retryAfter: fc.string(),
        wwwAuthenticate: fc.string(),
        contentType: fc.string(),
      },
      { requiredKeys: [] },
    ),
    result: fc.oneof(fc.anything(), fc.constant(CAPABILITIES_1_13), fc.constant(EMPTY_ADDON_SIDE)),
    text: fc.oneof(fc.string(), fc.json()),
  },
  { requiredKeys: ['name', 'outcome', 'ms'] },
);

const arbitraryObservation = fc.record(
  {
    checkedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    serverUrl: fc.oneof(fc.webUrl(), fc.string()),
    token: fc.record(
      {
        state: fc.constantFrom('signed_out' as const, 'signed_in' as const, 'rejected' as const),
        refreshTokenPresent: fc.boolean(),
        scope: fc.string(),
        rejectedReason: fc.string(),
      },
      { requiredKeys: ['state', 'refreshTokenPresent'] },
    ),
    calls: fc.array(arbitraryCall, { maxLength: 6 }),
    tools: fc.array(fc.constantFrom(...ALL_TOOLS, 'PlaceOrder', ''), { maxLength: 8 }),
    nt8Process: fc.constantFrom('running' as const, 'not_running' as const, 'unknown' as const),
    clockSkewMs: fc.integer({ min: -3_600_000, max: 3_600_000 }),
    latencyMs: fc.nat(),
    clientFindings: fc.array(
      fc.record({ client: fc.string(), file: fc.string(), problem: fc.string(), fix: fc.string() }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['checkedAt', 'serverUrl', 'token', 'calls', 'nt8Process'] },
);

function expectValidSnapshot(snapshot: HealthSnapshot): void {
  expect(LEVELS).toContain(snapshot.level);
  const expectedLevel = snapshot.problems.reduce<Level>(
    (worst, p) => worstLevel(worst, p.level),
    'ok',
  );
  if (snapshot.problems.length > 0) expect(snapshot.level).toBe(expectedLevel);
  for (const problem of snapshot.problems) {
    expect(PROBLEM_IDS).toContain(problem.id);
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem.cause.length).toBeGreaterThan(0);
    expect(problem.steps.length).toBeGreaterThan(0);
  }
  expect(new Set(snapshot.problems.map((p) => p.id)).size).toBe(snapshot.problems.length);
}

describe('diagnose on arbitrary input', () => {
  it('never throws and returns a valid snapshot for arbitrary observations', () => {
    fc.assert(
      fc.property(arbitraryObservation, (obs) => {
        expectValidSnapshot(diagnose(obs as Observation));
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on values that are not observations at all', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expectValidSnapshot(diagnose(value as Observation));
      }),
      { numRuns: 200 },
    );
  });
});

describe('a grant broader than the monitor asked for', () => {
  const granted = (scope: string): Observation =>
    observation({ token: { state: 'signed_in', refreshTokenPresent: true, scope } });

  it.each(['mcp:read mcp:trade', 'mcp:trade', 'mcp:trade  mcp:read'])(
    'warns when the grant is "%s", naming what was granted',
    (scope) => {
      const snapshot = diagnose(granted(scope));
      expect(snapshot.level).toBe('warning');
      expect(snapshot.problems.map((p) => p.id)).toEqual(['scope_too_broad']);
      expect(snapshot.problems[0]?.cause).toContain('mcp:trade');
      expect(snapshot.problems[0]?.steps[0]?.action).toBe('sign_in');
    },
  );

  it('stays quiet for the read-only grant, or a token whose scope was not reported', () => {
    expect(diagnose(granted('mcp:read')).level).toBe('ok');
    expect(
      diagnose(observation({ token: { state: 'signed_in', refreshTokenPresent: true } })).level,
    ).toBe('ok');
  });
});
