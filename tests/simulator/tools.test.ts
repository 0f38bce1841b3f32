import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, InsufficientScopeError } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { parseScenario, startSimulator, WRITE_TOOL_NAMES } from '../../simulator/index.js';
import { SELF_TEST_OK } from '../fixtures/crosstrade-answers';
import type { Scope, Simulator } from '../../simulator/index.js';
import { World } from '../../simulator/scenarios.js';
import { createMcpServer } from '../../simulator/tools.js';
import { payload, rawHeaders, rawInitialize, rawSignIn, signIn } from './helpers.js';
import type { SignedInClient } from './helpers.js';

const READ_TOOLS = [
  'GetMcpCapabilities',
  'McpSelfTest',
  'ListAccounts',
  'GetConnections',
  'GetQuote',
  'ListPositions',
];

let sim: Simulator;
const clients: SignedInClient[] = [];
const track = (c: SignedInClient) => (clients.push(c), c);

beforeAll(async () => {
  sim = await startSimulator();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  sim.setScenario('healthy');
});
afterAll(async () => {
  await sim.close();
});

describe('an mcp:read token', () => {
  it('lists the read tools and never a write tool', async () => {
    const c = track(await signIn(sim.url));
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    expect(names.sort()).toEqual([...READ_TOOLS].sort());
  });

  it('gets 403 insufficient_scope (RFC 6750 header) calling a write tool', async () => {
    const c = track(await signIn(sim.url));
    const before = sim.stats().toolCalls.PlaceOrder ?? 0;
    const call = c.client.callTool({ name: 'PlaceOrder', arguments: { instrument: 'ES 12-25' } });
    await expect(call).rejects.toBeInstanceOf(InsufficientScopeError);
    const last = c.exchanges.at(-1);
    expect(last?.status).toBe(403);
    expect(last?.wwwAuthenticate).toMatch(/^Bearer error="insufficient_scope", scope="mcp:trade"/);
    expect(last?.wwwAuthenticate).toContain(
      `resource_metadata="${sim.origin}/.well-known/oauth-protected-resource"`,
    );
    expect(sim.stats().toolCalls.PlaceOrder).toBe(before + 1);
  });

  it('cannot smuggle a write tool inside a JSON-RPC batch', async () => {
    const { access_token: token } = await rawSignIn(sim.origin, 'mcp:read');
    const session = await rawInitialize(sim.url, token);
    const res = await fetch(sim.url, {
      method: 'POST',
      headers: rawHeaders(token, session),
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'tools/list' },
        {
          jsonrpc: '2.0',
          id: 2,
          method: 'tools/call',
          params: { name: 'PlaceOrder', arguments: { instrument: 'ES 12-25' } },
        },
      ]),
    });
    const text = await res.text();
    expect(text).not.toContain('accepted');
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });
});

describe('tool handlers', () => {
  /** Calls a tool on a bare McpServer, with the auth info the HTTP layer would attach. */
  async function callWithScopes(scopes: Scope[], name: string) {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const send = clientSide.send.bind(clientSide);
    const authInfo = { token: 't', clientId: 'c', scopes };
    clientSide.send = (message, options) => send(message, { ...options, authInfo });
    const server = createMcpServer(new World(parseScenario('healthy')));
    const client = new Client({ name: 'in-memory', version: '1.0.0' });
    try {
      await server.connect(serverSide);
      await client.connect(clientSide);
      return await client.callTool({ name, arguments: {} });
    } finally {
      await client.close();
      await server.close();
    }
  }

  it('refuse a write tool to a token without mcp:trade, whatever the wire layer let through', async () => {
    const refused = await callWithScopes(['mcp:read'], 'PlaceOrder');
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toContain('insufficient_scope');
    expect(JSON.stringify(refused)).not.toContain('accepted');
    expect(payload(await callWithScopes(['mcp:trade'], 'PlaceOrder'))).toMatchObject({
      status: 'accepted',
    });
    expect(payload(await callWithScopes(['mcp:read'], 'ListAccounts'))).toHaveProperty('accounts');
  });
});

describe('an mcp:trade token', () => {
  it('sees every write tool and can call one (simulated)', async () => {
    const c = track(await signIn(sim.url, { scope: 'mcp:trade' }));
    const names = (await c.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining([...READ_TOOLS, ...WRITE_TOOL_NAMES]));
    const result = payload(await c.client.callTool({ name: 'FlattenEverything', arguments: {} }));
    expect(result).toMatchObject({ status: 'accepted', simulated: true });
  });
});

describe('payloads', () => {
  it('returns each payload as JSON text and as structuredContent', async () => {
    const c = track(await signIn(sim.url));
    for (const name of READ_TOOLS) {
      const result = await c.client.callTool({ name, arguments: {} });
      const [first] = result.content as { type: string; text: string }[];
      expect(first?.type).toBe('text');
      expect(JSON.parse(first?.text ?? '')).toEqual(payload(result));
    }
  });

  it('shapes the read tools as documented', async () => {
    const c = track(await signIn(sim.url));
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      payload(await c.client.callTool({ name, arguments: args }));

    expect(await call('McpSelfTest')).toEqual(SELF_TEST_OK);
    expect(await call('McpSelfTest', { deep: true })).toHaveProperty('deep.backtest.status', 'ok');
    expect(await call('ListAccounts')).toEqual({
      accounts: [
        { name: 'Sim101', connection: 'Sim101', broker: 'Sim' },
        { name: 'APEX4471-03', connection: 'Rithmic', broker: 'Rithmic' },
      ],
    });
    expect(await call('GetConnections')).toEqual({
      connections: [
        { name: 'Sim101', status: 'Connected' },
        { name: 'Rithmic', status: 'Connected' },
      ],
    });
    expect(await call('GetQuote', { instrument: 'NQ 12-25' })).toMatchObject({
      instrument: 'NQ 12-25',
      bid: expect.any(Number),
      ask: expect.any(Number),
    });
    expect(await call('ListPositions')).toMatchObject({ positions: [{ account: 'Sim101' }] });
  });
});
