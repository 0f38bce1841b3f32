// What one check asks CrossTrade, with a stand-in session: the call schedule
// (capabilities every check, tools/list on connect and add-on changes, GetConnections first and
// every 4th, McpSelfTest first, on changes and every 30 min, never deep, never a write tool).
import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { createRecorder } from '../../electron/monitor/mcp/fetch-wrappers';
import { freshMemory, runProbe, SELF_TEST_EVERY_MS } from '../../electron/monitor/check/probe';
import type { ProbeMemory, ProbeSession } from '../../electron/monitor/check/probe';
import { WRITE_TOOL_NAMES } from '../../simulator/index';
import { CAPABILITIES_1_13 } from '../fixtures/crosstrade-answers';

const CAPS_UP = CAPABILITIES_1_13;
const CAPS_DOWN = { features: [] };

class FakeSession implements ProbeSession {
  connected = false;
  addonUp = true;
  readonly log: string[] = [];
  readonly args: Array<Record<string, unknown>> = [];

  async ensureConnected(): Promise<boolean> {
    if (this.connected) return false;
    this.connected = true;
    this.log.push('connect');
    return true;
  }

  async callTool(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
    this.log.push(name);
    this.args.push(args);
    const payload =
      name === 'GetMcpCapabilities'
        ? this.addonUp
          ? CAPS_UP
          : CAPS_DOWN
        : name === 'GetConnections'
          ? { connections: [{ name: 'Sim101', status: 'Connected' }] }
          : { transport: 'ok', categories: {}, warnings: [] };
    return {
      content: [{ type: 'text', text: JSON.stringify(payload) }],
      structuredContent: payload,
    };
  }

  async listTools(): Promise<string[]> {
    this.log.push('tools/list');
    return ['GetMcpCapabilities', 'ListAccounts', 'GetConnections', 'ListPositions'];
  }
}

function setup() {
  let clock = Date.parse('2025-11-25T12:00:00Z');
  const session = new FakeSession();
  const memory: ProbeMemory = freshMemory();
  const check = async () => {
    session.log.length = 0;
    const observation = await runProbe(
      {
        session,
        recorder: createRecorder(),
        serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
        token: () => ({ state: 'signed_in', refreshTokenPresent: true }),
        nt8Check: async () => 'unknown',
        now: () => clock,
      },
      memory,
    );
    clock += 30_000;
    return { calls: [...session.log], observation };
  };
  return { session, memory, check, advance: (ms: number) => (clock += ms) };
}

describe('the probe call schedule', () => {
  it('asks everything on the first check, then only GetMcpCapabilities', async () => {
    const { check } = setup();
    expect((await check()).calls).toEqual([
      'connect',
      'GetMcpCapabilities',
      'tools/list',
      'GetConnections',
      'McpSelfTest',
    ]);
    expect((await check()).calls).toEqual(['GetMcpCapabilities']);
    expect((await check()).calls).toEqual(['GetMcpCapabilities']);
    expect((await check()).calls).toEqual(['GetMcpCapabilities']);
    expect((await check()).calls).toEqual(['GetMcpCapabilities', 'GetConnections']);
    expect((await check()).calls).toEqual(['GetMcpCapabilities']);
  });

  it('runs McpSelfTest again after 30 minutes, never deep', async () => {
    const { check, advance, session } = setup();
    await check();
    advance(SELF_TEST_EVERY_MS);
    expect((await check()).calls).toContain('McpSelfTest');
    const selfTestArgs = session.args.filter((_a, i) => session.log[i] === 'McpSelfTest');
    for (const args of selfTestArgs) expect(args.deep).toBeUndefined();
  });

  it('re-lists tools and re-reads connections and the self-test when the add-on comes or goes', async () => {
    const { check, session } = setup();
    await check();
    await check();
    session.addonUp = false;
    expect((await check()).calls).toEqual([
      'GetMcpCapabilities',
      'tools/list',
      'GetConnections',
      'McpSelfTest',
    ]);
    expect((await check()).calls).toEqual(['GetMcpCapabilities']);
    session.addonUp = true;
    expect((await check()).calls).toEqual([
      'GetMcpCapabilities',
      'tools/list',
      'GetConnections',
      'McpSelfTest',
    ]);
  });

  it('lists tools again after a reconnect', async () => {
    const { check, session } = setup();
    await check();
    session.connected = false;
    expect((await check()).calls).toEqual(['connect', 'GetMcpCapabilities', 'tools/list']);
  });

  it('re-lists tools while tools_missing stands, so a list taken as the add-on blinked does not stick', async () => {
    const { check, memory } = setup();
    await check();
    await check();
    // (The engine sets `active` from the last snapshot.) The add-on dropped between GetMcpCapabilities and tools/list of some check, and is back.
    memory.active = new Set(['tools_missing']);
    expect((await check()).calls).toEqual(['GetMcpCapabilities', 'tools/list']);
    memory.active = new Set();
    expect((await check()).calls).toEqual(['GetMcpCapabilities']);
  });

  it('never calls a write tool', async () => {
    const { check, session, advance } = setup();
    const all: string[] = [];
    for (let i = 0; i < 12; i++) {
      session.addonUp = i % 3 !== 0;
      all.push(...(await check()).calls);
      advance(10 * 60_000);
    }
    const writeTools: ReadonlySet<string> = new Set(WRITE_TOOL_NAMES);
    expect(all.filter((name) => writeTools.has(name))).toEqual([]);
  });
});
