import { afterEach, describe, expect, it } from 'vitest';
import { SdkHttpError } from '@modelcontextprotocol/client';
import { startSimulator } from '../../simulator/index.js';
import type { Simulator } from '../../simulator/index.js';
import { accessToken, payload, rawHeaders, rawInitialize, rawToolCall, signIn } from './helpers.js';
import type { SignedInClient } from './helpers.js';

const open: { sims: Simulator[]; clients: SignedInClient[] } = { sims: [], clients: [] };

async function setup(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator(options);
  open.sims.push(sim);
  const client = await signIn(sim.url);
  open.clients.push(client);
  return { sim, c: client };
}

afterEach(async () => {
  await Promise.all(open.clients.splice(0).map((c) => c.close()));
  await Promise.all(open.sims.splice(0).map((s) => s.close()));
});

describe('sessions', () => {
  it.each([false, true])(
    '1,000 sequential tool calls keep one session and no extra sockets (jsonResponses=%s)',
    async (jsonResponses) => {
      const { sim, c } = await setup({ jsonResponses });
      for (let i = 0; i < 10; i++) await c.client.callTool({ name: 'GetMcpCapabilities' });
      const warm = sim.stats();
      expect(warm.openSessions).toBe(1);
      for (let i = 0; i < 1000; i++) {
        await c.client.callTool({ name: i % 2 ? 'GetMcpCapabilities' : 'GetConnections' });
      }
      const after = sim.stats();
      expect(after.openSessions).toBe(1);
      expect(after.sessionsCreated).toBe(1);
      expect(after.openSockets).toBeLessThanOrEqual(warm.openSockets);
      expect(after.toolCalls.GetMcpCapabilities).toBe(510);
    },
  );

  it('DELETE closes a session; its id is then unknown (404 -32001)', async () => {
    const { sim, c } = await setup();
    await c.client.callTool({ name: 'GetMcpCapabilities' });
    const sessionId = c.transport.sessionId ?? '';
    expect(sim.stats().openSessions).toBe(1);
    await c.transport.terminateSession();
    expect(sim.stats().openSessions).toBe(0);
    expect(sim.stats().requests['/v1/api/mcp']?.DELETE).toBe(1);
    const res = await rawToolCall(sim.url, accessToken(c), sessionId, 'GetMcpCapabilities');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: { code: -32001, message: 'Session not found' },
    });
  });

  it('answers an unknown session id with 404 -32001 and a missing one with 400', async () => {
    const { sim, c } = await setup();
    const token = accessToken(c);
    const unknown = await rawToolCall(sim.url, token, 'no-such-session', 'GetMcpCapabilities');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32001, message: 'Session not found' },
    });
    const missing = await fetch(sim.url, {
      method: 'POST',
      headers: rawHeaders(token),
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(missing.status).toBe(400);
    await missing.text();
  });

  it('answers in SSE by default and in JSON with jsonResponses', async () => {
    for (const jsonResponses of [false, true]) {
      const { sim, c } = await setup({ jsonResponses });
      const token = accessToken(c);
      const session = await rawInitialize(sim.url, token);
      const res = await rawToolCall(sim.url, token, session, 'GetMcpCapabilities');
      expect(res.headers.get('content-type')).toContain(
        jsonResponses ? 'application/json' : 'text/event-stream',
      );
      const text = await res.text();
      expect(text).toContain('addon_version');
      expect(payload(await c.client.callTool({ name: 'ListAccounts' }))).toHaveProperty('accounts');
    }
  });

  it('close() ends sessions and stops listening', async () => {
    const { sim, c } = await setup();
    await c.client.callTool({ name: 'GetMcpCapabilities' });
    await sim.close();
    await sim.close(); // idempotent
    const error = await fetch(sim.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    const sdkError = await c.client.callTool({ name: 'GetMcpCapabilities' }).catch((e) => e);
    expect(sdkError).toBeInstanceOf(TypeError); // fetch failed: connection refused
    expect(sdkError).not.toBeInstanceOf(SdkHttpError);
  });
});
