import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  InsufficientScopeError,
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
} from '@modelcontextprotocol/client';
import { ADDON_ENCODINGS, startSimulator } from '../../simulator/index.js';
import type { Simulator, SimulatorStats } from '../../simulator/index.js';
import { accessToken, payload, rawHeaders, rawSignIn, rawToken, signIn } from './helpers.js';
import type { SignedInClient } from './helpers.js';

let sim: Simulator;
let c: SignedInClient;

beforeAll(async () => {
  sim = await startSimulator();
});
beforeEach(async () => {
  c = await signIn(sim.url);
});
afterEach(async () => {
  sim.setScenario('healthy');
  await c.close();
});
afterAll(async () => {
  await sim.close();
});

/** The rejection of `promise` (fails the test if it resolves). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function httpFailure(promise: Promise<unknown>): Promise<SdkHttpError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(SdkHttpError);
  return error as SdkHttpError;
}

const call = (name: string, args: Record<string, unknown> = {}, timeout?: number) =>
  c.client.callTool({ name, arguments: args }, timeout ? { timeout } : undefined);
const toolNames = async () => (await c.client.listTools()).tools.map((t) => t.name).sort();
const lastExchange = () => c.exchanges.at(-1);

/** A raw tools/call on the signed-in client's session, for looking at the bytes. */
const rawCall = (name: string) =>
  fetch(sim.url, {
    method: 'POST',
    headers: rawHeaders(accessToken(c), c.transport.sessionId),
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name } }),
  });

describe('addon_disconnected', () => {
  it.each(ADDON_ENCODINGS)(
    'hides add-on tools and empties the add-on side (%s)',
    async (encoding) => {
      sim.setScenario('addon_disconnected', { encoding });
      expect(await toolNames()).toEqual(['GetMcpCapabilities', 'McpSelfTest']);
      const caps = payload(await call('GetMcpCapabilities'));
      expect(caps.addon_version ?? null).toBeNull();
      expect(caps.features).toEqual([]);
      const selfTest = payload(await call('McpSelfTest'));
      expect(selfTest).toMatchObject({ transport: 'ok', categories: {} });
      expect(sim.state()).toMatchObject({ scenario: 'addon_disconnected', addonConnected: false });
    },
  );

  it('http_408: HTTP 408 with addon_disconnected in the body', async () => {
    sim.setScenario('addon_disconnected', { encoding: 'http_408' });
    const error = await httpFailure(call('ListAccounts'));
    expect(error.status).toBe(408);
    expect(JSON.parse(String(error.data.text))).toMatchObject({ error: 'addon_disconnected' });
    // a 408 is not an auth problem: no challenge that could send a client back to sign-in
    expect(lastExchange()?.status).toBe(408);
    expect(lastExchange()?.wwwAuthenticate).toBeNull();
  });

  it('tool_error: a tool result with isError', async () => {
    sim.setScenario('addon_disconnected', { encoding: 'tool_error' });
    const result = await call('GetConnections');
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toContain('addon_disconnected');
    expect(lastExchange()?.status).toBe(200);
  });

  it('jsonrpc_error: a JSON-RPC error', async () => {
    sim.setScenario('addon_disconnected', { encoding: 'jsonrpc_error' });
    const error = await failure(call('ListAccounts'));
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe(-32000);
    expect((error as ProtocolError).message).toContain('addon_disconnected');
    const raw = await rawCall('ListAccounts');
    expect(raw.status).toBe(200);
    expect(await raw.json()).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: -32000 } });
  });

  it('empty_payload: empty lists and null add-on fields', async () => {
    sim.setScenario('addon_disconnected', { encoding: 'empty_payload' });
    expect(payload(await call('ListAccounts'))).toEqual({ accounts: [] });
    expect(payload(await call('GetConnections'))).toEqual({ connections: [] });
    expect(payload(await call('GetMcpCapabilities'))).toMatchObject({
      addon_version: null,
      nt8_version: null,
      features: [],
    });
  });
});

describe('nt8_unresponsive', () => {
  it('add-on tools and McpSelfTest hang until cancelled; the server still answers', async () => {
    sim.setScenario('nt8_unresponsive');
    const hung = await failure(call('ListAccounts', {}, 150));
    expect(hung).toBeInstanceOf(SdkError);
    expect((hung as SdkError).code).toBe(SdkErrorCode.RequestTimeout);
    const selfTest = await failure(call('McpSelfTest', {}, 150));
    expect((selfTest as SdkError).code).toBe(SdkErrorCode.RequestTimeout);
    expect(payload(await call('GetMcpCapabilities')).addon_version).toBe('1.13.0');
    expect(await toolNames()).toContain('ListAccounts');
  });

  it('with hang: every_tool, GetMcpCapabilities hangs too while tools/list answers', async () => {
    sim.setScenario('nt8_unresponsive', { hang: 'every_tool' });
    const hung = await failure(call('GetMcpCapabilities', {}, 150));
    expect((hung as SdkError).code).toBe(SdkErrorCode.RequestTimeout);
    expect(await toolNames()).toContain('GetMcpCapabilities');
  });
});

describe('addon_outdated', () => {
  it('reports 1.12.4 with a smaller payload, no backtest and a warning', async () => {
    sim.setScenario('addon_outdated');
    const caps = payload(await call('GetMcpCapabilities'));
    expect(caps.addon_version).toBe('1.12.4');
    expect(caps.features).not.toContain('backtest');
    expect(caps).not.toHaveProperty('backtest_engine');
    expect(String(caps.warning)).toMatch(/1\.13\.0/);
    expect(payload(await call('McpSelfTest'))).toHaveProperty('categories.backtest', 'unavailable');
  });
});

describe('subscription_required', () => {
  const bodies = {
    text: ['MCP requires an Elite subscription', 'text/plain'],
    json_error: ['{"error":"MCP requires an Elite subscription"}', 'application/json'],
    json_code: [
      '{"error":"subscription_required","message":"MCP requires an Elite subscription"}',
      'application/json',
    ],
  } as const;
  it.each(Object.entries(bodies))(
    '%s: tools/list works, every tools/call gets 403',
    async (body, [text, contentType]) => {
      sim.setScenario('subscription_required', { body: body as keyof typeof bodies });
      expect(await toolNames()).toHaveLength(6);
      for (const name of ['GetMcpCapabilities', 'ListAccounts']) {
        const error = await httpFailure(call(name));
        expect(error.status).toBe(403);
        expect(error.data.text).toBe(text);
        expect(lastExchange()?.contentType).toContain(contentType);
        expect(lastExchange()?.wwwAuthenticate).toBeNull();
      }
    },
  );
});

describe('insufficient_scope', () => {
  it('header: RFC 6750 challenge naming mcp:read', async () => {
    sim.setScenario('insufficient_scope', { as: 'header' });
    const error = await failure(call('GetMcpCapabilities'));
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect((error as InsufficientScopeError).requiredScope).toBe('mcp:read');
    expect(lastExchange()?.status).toBe(403);
    expect(lastExchange()?.wwwAuthenticate).toMatch(
      /^Bearer error="insufficient_scope", scope="mcp:read"/,
    );
    const raw = await rawCall('ListAccounts');
    expect(raw.status).toBe(403);
    expect(raw.headers.get('content-type')).toContain('application/json');
    expect(await raw.json()).toEqual({
      error: 'insufficient_scope',
      error_description: 'This tool requires the mcp:read scope.',
    });
  });

  it('json: 403 with a JSON body and no challenge header', async () => {
    sim.setScenario('insufficient_scope', { as: 'json' });
    const error = await httpFailure(call('ListAccounts'));
    expect(error.status).toBe(403);
    expect(JSON.parse(String(error.data.text))).toMatchObject({
      error: 'insufficient_scope',
      required_scope: 'mcp:read',
    });
    expect(lastExchange()?.wwwAuthenticate).toBeNull();
  });

  it('jsonrpc: a JSON-RPC error', async () => {
    sim.setScenario('insufficient_scope', { as: 'jsonrpc' });
    const error = await failure(call('GetMcpCapabilities'));
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).message).toContain('insufficient_scope');
    expect(lastExchange()?.status).toBe(200);
    const raw = await rawCall('ListAccounts');
    expect(raw.status).toBe(200);
    expect(raw.headers.get('www-authenticate')).toBeNull();
    expect(await raw.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: -32003,
        message: 'insufficient_scope: This tool requires the mcp:read scope.',
        data: { error: 'insufficient_scope', required_scope: 'mcp:read' },
      },
    });
  });
});

describe('broker_down', () => {
  it.each(['Disconnected', 'ConnectionLost'] as const)('shows Rithmic %s', async (status) => {
    sim.setScenario('broker_down', { status });
    expect(payload(await call('GetConnections'))).toEqual({
      connections: [
        { name: 'Sim101', status: 'Connected' },
        { name: 'Rithmic', status },
      ],
    });
  });
});

describe('selftest_degraded', () => {
  it('transport: degraded', async () => {
    sim.setScenario('selftest_degraded', { as: 'transport' });
    const result = payload(await call('McpSelfTest'));
    expect(result.transport).toBe('degraded');
    expect(result.warnings).toHaveLength(1);
  });

  it('category: backtest unavailable', async () => {
    sim.setScenario('selftest_degraded', { as: 'category' });
    expect(payload(await call('McpSelfTest'))).toMatchObject({
      transport: 'ok',
      categories: { backtest: 'unavailable', accounts: 'ok' },
    });
  });
});

describe('server_error and rate_limited', () => {
  it.each([500, 503] as const)('server_error %i', async (status) => {
    sim.setScenario('server_error', { status });
    const error = await httpFailure(call('GetMcpCapabilities'));
    expect(error.status).toBe(status);
    expect(JSON.parse(String(error.data.text))).toMatchObject({ error: 'server_error' });
    expect(lastExchange()?.retryAfter).toBe(status === 503 ? '5' : null);
  });

  it('rate_limited: 429 with Retry-After', async () => {
    sim.setScenario('rate_limited', { retryAfterSec: 7 });
    const error = await httpFailure(call('GetMcpCapabilities'));
    expect(error.status).toBe(429);
    expect(error.data.text).toBe('{"error":"Rate limit exceeded"}');
    expect(lastExchange()?.retryAfter).toBe('7');
  });
});

describe('malformed', () => {
  it('html: a 200 text/html page on the MCP endpoint', async () => {
    sim.setScenario('malformed', { as: 'html' });
    const error = await failure(call('GetMcpCapabilities'));
    expect(error).toBeInstanceOf(SdkError);
    expect((error as SdkError).code).toBe(SdkErrorCode.ClientHttpUnexpectedContent);
    const raw = await rawCall('GetMcpCapabilities');
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('text/html');
    expect(await raw.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('not_json: application/json that does not parse', async () => {
    sim.setScenario('malformed', { as: 'not_json' });
    // The SDK lets the JSON.parse SyntaxError through.
    expect(await failure(call('GetMcpCapabilities'))).toBeInstanceOf(SyntaxError);
    const raw = await rawCall('GetMcpCapabilities');
    expect(raw.headers.get('content-type')).toBe('application/json');
    const text = await raw.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('not_jsonrpc: valid JSON that is not JSON-RPC', async () => {
    sim.setScenario('malformed', { as: 'not_jsonrpc' });
    // The SDK lets its schema validation error (a ZodError) through.
    expect((await failure(call('GetMcpCapabilities'))) as Error).toHaveProperty('name', 'ZodError');
    const raw = await rawCall('GetMcpCapabilities');
    const body = (await raw.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty('jsonrpc');
  });

  it('bad_payload: GetMcpCapabilities of the wrong shape', async () => {
    sim.setScenario('malformed', { as: 'bad_payload' });
    expect(payload(await call('GetMcpCapabilities'))).toMatchObject({
      addon_version: 42,
      features: 'x',
    });
    expect(payload(await call('ListAccounts'))).toEqual({ accounts: 'Sim101' });
  });
});

describe('clock_skew', () => {
  it.each([600, -3600])('sends a Date header off by %i s', async (offsetSec) => {
    sim.setScenario('clock_skew', { offsetSec });
    await call('GetMcpCapabilities');
    const date = Date.parse(lastExchange()?.date ?? '');
    expect(Math.abs(date - Date.now() - offsetSec * 1000)).toBeLessThan(60_000);
    const metadata = await fetch(`${sim.origin}/.well-known/oauth-authorization-server`);
    await metadata.text();
    const skew = Date.parse(metadata.headers.get('date') ?? '') - Date.now();
    expect(Math.abs(skew - offsetSec * 1000)).toBeLessThan(60_000);
  });
});

describe('session_drop', () => {
  it('drops the session on every Nth tools/call with 404 Session not found', async () => {
    sim.setScenario('session_drop', { every: 2 });
    const openBefore = sim.stats().openSessions;
    await call('GetMcpCapabilities');
    const error = await httpFailure(call('GetMcpCapabilities'));
    expect(error.status).toBe(404);
    expect(String(error.data.text)).toContain('Session not found');
    expect(sim.stats().openSessions).toBe(openBefore - 1);
    // every later request on that session is 404 too; a new session works
    expect((await httpFailure(call('GetMcpCapabilities'))).status).toBe(404);
    const fresh = await signIn(sim.url, { provider: c.provider, listener: c.listener });
    try {
      expect(payload(await fresh.client.callTool({ name: 'GetMcpCapabilities' }))).toHaveProperty(
        'job_ttl_minutes',
      );
    } finally {
      await fresh.close();
    }
  });
});

describe('slow', () => {
  it('delays every MCP request by the given latency', async () => {
    sim.setScenario('slow', { ms: 40 });
    const started = performance.now();
    expect(payload(await call('GetMcpCapabilities'))).toHaveProperty('addon_version');
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(sim.state()).toMatchObject({ scenario: 'slow', options: { ms: 40 } });
  });
});

describe('flapping', () => {
  /** How ListAccounts came out: `connected`, or the add-on encoding it failed in. */
  async function listAccountsOutcome(): Promise<string> {
    try {
      const result = await call('ListAccounts');
      if (result.isError) {
        expect(JSON.stringify(result.content)).toContain('addon_disconnected');
        return 'tool_error';
      }
      const accounts = payload(result).accounts as unknown[];
      return accounts.length === 0 ? 'empty_payload' : 'connected';
    } catch (error) {
      if (error instanceof SdkHttpError && error.status === 408) return 'http_408';
      if (error instanceof ProtocolError && error.code === -32000) return 'jsonrpc_error';
      throw error;
    }
  }

  it.each(ADDON_ENCODINGS)(
    'toggles the add-on; ListAccounts fails while disconnected in the configured %s',
    async (encoding) => {
      sim.setScenario('flapping', { periodSec: 0.2, encoding });
      const toolCounts = new Set<number>();
      const outcomes = new Set<string>();
      await vi.waitFor(
        async () => {
          toolCounts.add((await toolNames()).length);
          outcomes.add(await listAccountsOutcome());
          expect(toolCounts).toEqual(new Set([6, 2]));
          expect(outcomes).toEqual(new Set(['connected', encoding]));
        },
        { timeout: 5000, interval: 40 },
      );
    },
  );
});

/** Counters that changed between two snapshots, by how much. */
function delta(before: Record<string, number>, after: Record<string, number>) {
  const changed: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[key] ?? 0) - (before[key] ?? 0);
    if (d !== 0) changed[key] = d;
  }
  return changed;
}

describe('control routes', () => {
  const post = (body: unknown) =>
    fetch(`${sim.origin}/__sim/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('switch scenarios over HTTP and report state and stats', async () => {
    const getStats = async () =>
      (await (await fetch(`${sim.origin}/__sim/stats`)).json()) as SimulatorStats;
    const before = await getStats();

    const res = await post({ scenario: 'addon_disconnected', encoding: 'tool_error' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      scenario: 'addon_disconnected',
      options: { encoding: 'tool_error' },
      addonConnected: false,
    });
    const state = await (await fetch(`${sim.origin}/__sim/state`)).json();
    expect(state).toMatchObject({ scenario: 'addon_disconnected' });
    await call('GetMcpCapabilities');
    expect((await call('ListAccounts')).isError).toBe(true);
    // a second client: register, authorize, code exchange, one refresh, then revoke the grant
    const raw = await rawSignIn(sim.origin);
    const refreshed = await rawToken(sim.origin, {
      grant_type: 'refresh_token',
      refresh_token: raw.refresh_token,
      client_id: raw.clientId,
    });
    const { refresh_token: rotated } = (await refreshed.json()) as { refresh_token: string };
    const revoked = await fetch(`${sim.origin}/v1/oauth/mcp/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: rotated, client_id: raw.clientId }),
    });
    expect(revoked.status).toBe(200);

    const after = await getStats();
    expect(after.registrations - before.registrations).toBe(1);
    expect({
      issued: after.tokens.issued - before.tokens.issued,
      refreshed: after.tokens.refreshed - before.tokens.refreshed,
      revoked: after.tokens.revoked - before.tokens.revoked,
    }).toEqual({ issued: 1, refreshed: 1, revoked: 3 }); // the grant: 2 access tokens + 1 refresh
    expect(delta(before.toolCalls, after.toolCalls)).toEqual({
      GetMcpCapabilities: 1,
      ListAccounts: 1,
    });
    const requests: Record<string, Record<string, number>> = {};
    for (const route of new Set([
      ...Object.keys(before.requests),
      ...Object.keys(after.requests),
    ])) {
      const changed = delta(before.requests[route] ?? {}, after.requests[route] ?? {});
      if (route === '/v1/api/mcp') delete changed.GET; // the SDK opens its GET stream in the background
      if (Object.keys(changed).length > 0) requests[route] = changed;
    }
    expect(requests).toEqual({
      '/__sim/stats': { GET: 1 },
      '/__sim/scenario': { POST: 1 },
      '/__sim/state': { GET: 1 },
      '/v1/api/mcp': { POST: 2 },
      '/v1/oauth/mcp/register': { POST: 1 },
      '/v1/oauth/mcp/authorize': { GET: 1 },
      '/v1/oauth/mcp/token': { POST: 2 },
      '/v1/oauth/mcp/revoke': { POST: 1 },
    });
    expect(after.openSessions).toBe(before.openSessions);
    expect(after.sessionsCreated).toBe(before.sessionsCreated);
  });

  it('refuse an unknown scenario or a bad option with 400 and a clear message', async () => {
    const unknown = await post({ scenario: 'nope' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { message: string }).message).toMatch(
      /unknown scenario "nope"; expected one of: healthy, addon_disconnected/,
    );
    const bad = await post({ scenario: 'addon_disconnected', encoding: 'smoke' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain('encoding');
    const extra = await post({ scenario: 'slow', every: 3 });
    expect(((await extra.json()) as { message: string }).message).toContain(
      'unknown option "every"',
    );
    expect(() => sim.setScenario('slow', { ms: -1 })).toThrow(/bad option/);
    expect(sim.state().scenario).toBe('healthy');
  });

  it('refuse a request naming another host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${sim.origin}/__sim/state`,
        { headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers a wrong /v1/api/ path with a structured 404', async () => {
    const res = await fetch(`${sim.origin}/v1/api/mpc`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found', did_you_mean: '/v1/api/mcp' });
  });
});
