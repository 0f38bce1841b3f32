// Pasted errors, as each AI client words them, matched to the problem a trader has to fix.
import { describe, expect, it } from 'vitest';
import {
  combineWithLive,
  explainError,
  explainLevel,
  explainSteps,
  GENERIC_STEPS,
  MAX_PASTE,
} from '../../shared/explain';
import type { HealthSnapshot, ProblemId } from '../../shared/health';

const ESC = String.fromCharCode(27);
const red = (text: string) => `${ESC}[31m${text}${ESC}[0m`;
const STACK = `
    at StreamableHTTPClientTransport.send (file:///Users/dana/.npm/_npx/5a9d/node_modules/@modelcontextprotocol/sdk/dist/esm/client/streamableHttp.js:401:19)
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async Client.request (file:///Users/dana/.npm/_npx/5a9d/node_modules/@modelcontextprotocol/sdk/dist/esm/shared/protocol.js:408:11)`;
const rpc = (code: number, message: string, data?: unknown) =>
  JSON.stringify({ jsonrpc: '2.0', id: 7, error: { code, message, ...(data ? { data } : {}) } });
const html = (title: string, body: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><p>${body}</p></body></html>`;

/** [where it came from, the text, the problem it is]. */
const CASES: Array<[string, string, ProblemId]> = [
  // 401
  [
    'Claude Desktop',
    'Error executing tool GetPositions: MCP error -32001: Streamable HTTP error: Error POSTing to endpoint (HTTP 401): {"error":"invalid_token","error_description":"The access token expired"}',
    'token_invalid',
  ],
  [
    'Claude Code /mcp',
    '⎿  crosstrade: ✘ failed · Error: HTTP 401 Unauthorized. Run /mcp to re-authenticate.',
    'token_invalid',
  ],
  [
    'mcp-remote log',
    `[52311] Error from remote server: UnauthorizedError: Unauthorized${STACK}`,
    'token_invalid',
  ],
  [
    'raw HTTP',
    'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error="invalid_token", error_description="token revoked", resource_metadata="https://app.crosstrade.io/.well-known/oauth-protected-resource"\r\nContent-Length: 0',
    'token_invalid',
  ],
  [
    'Cursor',
    red(
      '[error] crosstrade: Client error for command: Streamable HTTP error: Error POSTing to endpoint (HTTP 401): Unauthorized',
    ),
    'token_invalid',
  ],
  [
    'ChatGPT connector',
    'Error talking to connector CrossTrade: The connector needs authentication. Reconnect it to continue.',
    'token_invalid',
  ],
  [
    'VS Code output',
    '2026-12-03 10:41:07.401 [error] Server crosstrade: Error: Token has expired, please re-authenticate',
    'token_invalid',
  ],
  // 403 Elite
  [
    'Claude Desktop',
    'Error executing tool ListAccounts: HTTP 403: {"error":"MCP requires an Elite subscription"}',
    'subscription_required',
  ],
  [
    'JSON-RPC',
    rpc(-32003, 'subscription_required', { message: 'MCP requires an Elite subscription' }),
    'subscription_required',
  ],
  [
    'Cursor',
    'Tool call failed: 403 Forbidden. Upgrade your plan to use MCP.',
    'subscription_required',
  ],
  // 403 scope
  [
    'Claude Desktop',
    'Error executing tool PlaceOrder: HTTP 403: {"error":"insufficient_scope","error_description":"mcp:trade required"}',
    'insufficient_scope',
  ],
  [
    'raw HTTP',
    'HTTP/1.1 403 Forbidden\nWWW-Authenticate: Bearer error="insufficient_scope", scope="mcp:trade"',
    'insufficient_scope',
  ],
  [
    'Claude Code',
    '● crosstrade - Flatten (MCP)(account: "Sim101")\n  ⎿  Error: MCP error 403: This token is read-only (mcp:read); Flatten needs mcp:trade.',
    'insufficient_scope',
  ],
  ['JSON-RPC', rpc(-32600, 'Insufficient scope for tool CancelAllOrders'), 'insufficient_scope'],
  // 408 and hangs
  [
    'Claude Desktop',
    'Error executing tool GetConnections: HTTP 408: {"error":"addon_disconnected","message":"The CrossTrade Add-On is not connected"}',
    'addon_disconnected',
  ],
  [
    'tool result',
    '{"content":[{"type":"text","text":"addon_disconnected: NinjaTrader add-on not connected"}],"isError":true}',
    'addon_disconnected',
  ],
  [
    'mcp-remote log',
    `[52311] Error: Streamable HTTP error: Error POSTing to endpoint (HTTP 408): Request Timeout${STACK}`,
    'addon_disconnected',
  ],
  ['Claude Desktop', 'MCP error -32001: Request timed out', 'addon_disconnected'],
  [
    'ChatGPT connector',
    'The CrossTrade tool did not respond in time. NinjaTrader is not running.',
    'addon_disconnected',
  ],
  ['VS Code', '[warning] Tool ListPositions timed out after 60000ms', 'addon_disconnected'],
  [
    'McpSelfTest',
    'McpSelfTest: self-test timed out: NinjaTrader 8 is not responding (a modal dialog is open)',
    'nt8_unresponsive',
  ],
  // Tools not listing
  ['Claude Desktop', 'CrossTrade connected, but no tools available.', 'tools_missing'],
  ['Cursor', red('crosstrade: 0 tools enabled'), 'tools_missing'],
  [
    'JSON-RPC',
    rpc(-32601, 'Method not found: tools/call Unknown tool: ListPositions'),
    'tools_missing',
  ],
  ['Claude Code', 'Error: Tool PlaceOrder not found on server crosstrade', 'tools_missing'],
  // Discovery, registration, stale metadata
  [
    'mcp-remote log',
    `Error: Failed to discover OAuth metadata from https://app.crosstrade.io/.well-known/oauth-authorization-server${STACK}`,
    'discovery_failed',
  ],
  [
    'Claude Desktop',
    'There was an error connecting to CrossTrade: invalid_client_metadata: redirect_uris must be https',
    'discovery_failed',
  ],
  [
    'raw HTTP',
    'HTTP/1.1 429 Too Many Requests\n{"error":"too_many_registrations","error_description":"Registration limit reached"}',
    'discovery_failed',
  ],
  [
    'ChatGPT connector',
    'Error creating connector: OAuth client registration failed. Check the server URL.',
    'discovery_failed',
  ],
  [
    'Claude Code',
    'SDK auth failed: invalid_client: client_id not found. Stale metadata?',
    'discovery_failed',
  ],
  [
    'mcp-remote log',
    'OAuth error: invalid_grant: PKCE code_verifier does not match',
    'discovery_failed',
  ],
  // Wrong URL
  ['Claude Desktop', 'Error: getaddrinfo ENOTFOUND mcp.crosstrade.io', 'endpoint_not_found'],
  ['mcp-remote log', `SSE error: Non-200 status code (404)${STACK}`, 'endpoint_not_found'],
  [
    'raw HTTP',
    '{"error":"Not found","path":"/v1/api/mcp/sse","did_you_mean":"/v1/api/mcp"}',
    'endpoint_not_found',
  ],
  ['HTML page', html('404 Not Found', 'nginx'), 'endpoint_not_found'],
  // Rate limit, server, network, other
  ['raw HTTP', 'HTTP 429 {"error":"Rate limit exceeded"}', 'rate_limited'],
  ['JSON-RPC', rpc(-32000, 'Too Many Requests, retry after 2 s'), 'rate_limited'],
  ['HTML page', html('502 Bad Gateway', 'cloudflare'), 'server_error'],
  ['raw HTTP', 'HTTP/1.1 500 Internal Server Error\n{"error":"server_error"}', 'server_error'],
  [
    'mcp-remote log',
    `TypeError: fetch failed\n  [cause]: Error: connect ECONNREFUSED 104.21.3.4:443${STACK}`,
    'network_unreachable',
  ],
  ['Claude Desktop', 'Error: self-signed certificate in certificate chain', 'network_unreachable'],
  [
    'HTML page',
    `SyntaxError: Unexpected token '<', "<!DOCTYPE html>..." is not valid JSON`,
    'malformed_response',
  ],
  [
    'tool result',
    '{"addon_version":"1.12.4","nt8_version":"8.1.6.3","features":[],"warnings":["update the add-on"]}',
    'addon_outdated',
  ],
  [
    'tool result',
    '{"connections":[{"name":"Rithmic","status":"ConnectionLost"}]}',
    'broker_disconnected',
  ],
  [
    'OAuth',
    'invalid_grant: token not yet valid (iat is in the future): check the system clock',
    'clock_skew',
  ],
  [
    'McpSelfTest',
    '{"transport":"degraded","categories":{"accounts":"ok"},"warnings":[]}',
    'selftest_degraded',
  ],
  [
    'Claude Desktop log',
    'Error: spawn npx ENOENT\n    at ChildProcess._handle.onexit (node:internal/child_process:284:19)',
    'client_misconfigured',
  ],
];

describe('explain: pasted errors to problems', () => {
  it('has a real-looking text for every symptom', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%s: %s → %s', (_client, text, id) => {
    const { matches } = explainError(text);
    expect(matches[0]?.id, JSON.stringify(matches)).toBe(id);
    expect(matches[0]?.why.length).toBeGreaterThan(20);
  });

  it('calls a write tool refused by a read-only grant the safety system working', () => {
    const explanation = explainError(
      'Error executing tool PlaceOrder: HTTP 403: {"error":"insufficient_scope"}',
    );
    expect(explanation.tool).toBe('PlaceOrder');
    expect(explanation.matches[0]).toMatchObject({ id: 'insufficient_scope', confidence: 'high' });
    expect(explanation.matches[0]?.why).toMatch(/PlaceOrder is a write tool.*safety system/);
    const steps = explainSteps(explanation).map((s) => s.text);
    expect(steps.join('\n')).toMatch(/mcp:trade only if/);
    expect(steps.join('\n')).toMatch(/rewrite the prompt/i);
    // The monitor's own grant is not what failed: no step about re-signing the monitor in.
    expect(steps.join('\n')).not.toMatch(/CrossTrade MCP Monitor/);
    expect(explainLevel(explanation, null)).toBe('warning');
  });

  it('says honestly when the text is no known CrossTrade error, with the general checklist', () => {
    for (const text of ['', 'hello', 'The weather is nice today.', '   \n\t', '�'.repeat(50)]) {
      const explanation = explainError(text);
      expect(explanation.matches).toEqual([]);
      expect(explainSteps(explanation)).toEqual([...GENERIC_STEPS]);
      expect(explainLevel(explanation, null)).toBe('unknown');
    }
  });

  it('does not read stack line numbers or timestamps as HTTP statuses', () => {
    const { matches } = explainError(
      `Error: something odd happened${STACK}\n2026-12-03T10:00:00.404Z`,
    );
    expect(matches.map((m) => m.id)).not.toContain('token_invalid');
    expect(matches.map((m) => m.id)).not.toContain('addon_disconnected');
    expect(matches.map((m) => m.id)).not.toContain('endpoint_not_found');
  });

  it('reads only the first 64 KB, and a huge paste in well under a second', () => {
    const filler = 'a'.repeat(MAX_PASTE);
    expect(explainError(`${filler} HTTP 401 invalid_token`).matches).toEqual([]);
    const hostile = '401 '.repeat(200_000) + '<'.repeat(100_000) + 'a-'.repeat(100_000);
    const started = performance.now();
    explainError(hostile);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('never throws, whatever it is given', () => {
    for (const value of [undefined, null, 42, {}, [], Symbol('x'), () => 1]) {
      expect(() => explainError(value)).not.toThrow();
      expect(explainError(value).matches).toEqual([]);
    }
  });
});

function live(problems: ProblemId[], level: HealthSnapshot['level']): HealthSnapshot {
  return {
    level,
    status: 'checked',
    checkedAt: '2026-12-03T10:00:00.000Z',
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    token: { state: 'signed_in', scope: 'mcp:read', refreshTokenPresent: true },
    nt8Process: 'unknown',
    problems: problems.map((id) => ({
      id,
      level: 'error',
      title: `title of ${id}`,
      cause: '',
      steps: [],
    })),
  };
}

describe('explain with the live check', () => {
  it('has no verdict without a live check', () => {
    expect(combineWithLive(explainError('HTTP 401').matches, null)).toEqual({ kind: 'none' });
  });

  it('blames a client token the monitor does not share', () => {
    const verdict = combineWithLive(explainError('HTTP 401').matches, live([], 'ok'));
    expect(verdict).toMatchObject({ kind: 'agent', step: { action: 'open_ai_clients' } });
    expect(verdict.step?.text).toMatch(/your client’s own token/);
  });

  it('sends the trader to the chain first when the monitor sees the break too', () => {
    const verdict = combineWithLive(
      explainError('HTTP 401').matches,
      live(['addon_disconnected'], 'error'),
    );
    expect(verdict.kind).toBe('shared');
    expect(verdict.step?.text).toMatch(
      /add-on is disconnected for the monitor too: fix that first/,
    );
  });
});
