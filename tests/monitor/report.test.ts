// The support report (what support needs, nothing it must not see) and the CLI's owner-only token file.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileTokenStore } from '../../electron/monitor/auth/file-token-store';
import { buildReport } from '../../electron/monitor/check/report';
import { CHECKED_AT_MS, snapshot } from '../shell/fixtures';
import { startWorld } from './helpers';
import type { World } from './helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('support report', () => {
  it('carries what support needs, with account names aliased and no secrets', async () => {
    world = await startWorld();
    await world.signIn();
    world.sim.setScenario('addon_disconnected', { encoding: 'http_408' });
    await world.engine.checkNow();
    await world.engine.checkNow();
    world.sim.setScenario('broker_down');
    await world.engine.checkNow();
    await world.engine.checkNow();
    await world.engine.checkNow();
    const { json, text } = await world.engine.report();

    expect(json).toMatchObject({
      client: { name: 'CrossTrade MCP Monitor', version: '0.0.0-test' },
      server: { host: new URL(world.sim.url).host },
      level: 'warning',
      addonVersion: '1.13.0',
      nt8Version: '8.1.6.3',
      signIn: { state: 'signed_in', scope: 'mcp:read', refresh: 'present' },
    });
    expect(json.os).toMatchObject({ platform: process.platform });
    expect(json.getMcpCapabilities).toMatchObject({ addon_version: '1.13.0' });
    // The verbatim error of the last failing call, as CrossTrade worded it.
    expect(json.lastFailingCall).toMatchObject({ tool: 'GetConnections', status: 408 });
    expect(String((json.lastFailingCall as { error: string }).error)).toContain(
      'addon_disconnected',
    );
    const incidents = json.recentIncidents as Array<{ problemIds: string[] }>;
    expect(incidents[0]?.problemIds).toEqual(['addon_disconnected', 'broker_disconnected']);

    // Accounts from ListAccounts (Sim101, APEX4471-03) are aliased everywhere.
    const all = `${text}\n${JSON.stringify(json)}`;
    expect(all).not.toContain('Sim101');
    expect(all).not.toContain('APEX4471');
    expect(all).toContain('Account A');
    expect(all).not.toMatch(/ct_(at|rt)_/);
    for (const secret of world.store.secrets) expect(all).not.toContain(secret);

    expect(text).toMatch(/^CrossTrade MCP Monitor: support report/);
    expect(text).toContain('broker_disconnected');
    expect(text).toContain('Last failing call: GetConnections');
  });

  it('says "no refresh yet" before the first refresh, then when the last one went how', async () => {
    world = await startWorld();
    await world.signIn();
    const before = (await world.engine.report()).text;
    expect(before).toMatch(/refresh token present, no refresh yet$/m);
    expect(before).not.toContain('— at —');
    // refresh_rejected expires the access token on activation; healthy lets the refresh work.
    world.sim.setScenario('refresh_rejected');
    world.sim.setScenario('healthy');
    await world.engine.checkNow();
    const after = await world.engine.report();
    expect(after.text).toMatch(
      /refresh token present, last refresh ok at \d{4}-\d\d-\d\dT[\d:.]+Z$/m,
    );
    expect(after.json.signIn).toMatchObject({ lastRefreshResult: 'ok' });
  });

  it('works signed out, without calling CrossTrade', async () => {
    world = await startWorld();
    await world.engine.checkNow();
    const before = world.sim.stats().toolCalls;
    const { json } = await world.engine.report();
    expect(json).toMatchObject({ level: 'unknown', signIn: { state: 'signed_out' } });
    expect(world.sim.stats().toolCalls).toEqual(before);
  });
});

/** Everything CrossTrade's guide says never to send, each a canary that must not come out. */
const NEVER_SENT: Array<[string, string, string]> = [
  [
    'an OAuth token in a header',
    'Authorization: Bearer ct_at_CANARYa1b2c3d4e5f6g7h8',
    'CANARYa1b2',
  ],
  ['a refresh token in JSON', '"refresh_token":"ct_rt_CANARYz9y8x7w6v5u4"', 'CANARYz9y8'],
  ['a cookie header', 'Cookie: session=CANARYcookie9f8e7d6c5b4a', 'CANARYcookie'],
  [
    'a JWT',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDQU5BUlkifQ.c2lnbmF0dXJlQ0FOQVJZ',
    'eyJzdWIiOiJDQU5BUlkifQ',
  ],
  ['an account number', 'account 87654321 rejected', '87654321'],
  ['an account from ListAccounts', 'order for Sim101 refused', 'Sim101'],
  ['an e-mail address', 'signed in as dana.trader@example.com', 'dana.trader'],
  ['a live balance', 'balance: $52,310.22', '52,310'],
  ['P&L', 'realized PnL -312.50 today', '312.50'],
  ['a funded account id', 'on PA-APEX-12345-01', 'APEX-12345'],
  ['the REST secret key', '"secret_key": "CANARYsk77aa88bb99"', 'CANARYsk77'],
  ['a webhook secret', 'webhook_secret=CANARYwh55cc66dd77', 'CANARYwh55'],
];

describe('support report with an AI client failure', () => {
  it('carries the client, the time in UTC, the tool and the redacted error', async () => {
    world = await startWorld();
    await world.signIn();
    await world.engine.checkNow();
    const error = [
      'Error executing tool PlaceOrder: HTTP 403: {"error":"insufficient_scope"}',
      ...NEVER_SENT.map(([, text]) => text),
    ].join('\n');
    const { json, text } = await world.engine.report({
      client: 'Claude Desktop',
      clientVersion: '0.14.3',
      failedAt: '2026-12-03T11:41:00+01:00',
      tool: 'PlaceOrder',
      error,
      matched: ['insufficient_scope'],
    });
    expect(json.agentFailure).toMatchObject({
      client: 'Claude Desktop',
      clientVersion: '0.14.3',
      failedAtUtc: '2026-12-03T10:41:00.000Z',
      tool: 'PlaceOrder',
      matched: ['insufficient_scope'],
    });
    expect(String((json.agentFailure as { error: string }).error)).toContain(
      'Error executing tool PlaceOrder: HTTP 403: {"error":"insufficient_scope"}',
    );
    expect(text).toContain('AI client failure (as the trader saw it):');
    expect(text).toContain('  Client: Claude Desktop 0.14.3');
    expect(text).toContain('  Time: 2026-12-03T10:41:00.000Z (UTC, approximate)');
    expect(text).toContain('  Tool: PlaceOrder');
    expect(text).toContain('  Matches: insufficient_scope');
    // Still what support needs from the monitor's side.
    expect(json).toMatchObject({ addonVersion: '1.13.0' });
    expect(json.getMcpCapabilities).toMatchObject({ addon_version: '1.13.0' });
    expect(text).toMatch(/^GetMcpCapabilities: \{.*"addon_version":"1\.13\.0"/m);
  });

  it.each(NEVER_SENT)(
    'never sends %s, in the error, the client name or the tool',
    async (_what, secret, canary) => {
      world = await startWorld();
      await world.signIn();
      await world.engine.checkNow();
      const { json, text } = await world.engine.report({
        client: `Claude Desktop ${secret}`,
        clientVersion: '0.14.3',
        tool: `PlaceOrder ${secret}`,
        error: `HTTP 401 ${secret} invalid_token`,
      });
      const all = `${text}\n${JSON.stringify(json)}`;
      expect(all).not.toContain(canary);
      expect(all).toContain('invalid_token');
    },
  );
});

describe('support report text', () => {
  it('words levels, durations and uptime as the window and doctor do', () => {
    const { text } = buildReport({
      clientName: 'CrossTrade MCP Monitor',
      clientVersion: '0.0.0-test',
      serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
      snapshot: snapshot('warning', ['broker_disconnected']),
      history: {
        points: [],
        incidents: [
          { startedAt: 'a', level: 'error', problemIds: ['addon_disconnected'] },
          {
            startedAt: 'b',
            level: 'warning',
            problemIds: ['broker_disconnected'],
            durationMs: 89 * 60_000 + 59_000,
          },
          { startedAt: 'c', level: 'error', problemIds: ['server_error'], durationMs: 59_900 },
        ],
        uptime24h: 0.99996,
      },
      accountNames: [],
      now: CHECKED_AT_MS,
    });
    expect(text).toContain('Server: app.crosstrade.io (https://app.crosstrade.io/v1/api/mcp)');
    expect(text).toMatch(/^Status: WARNING \(checked /m);
    expect(text).toContain('  - a (ongoing, error): addon_disconnected');
    // Cut down, never rounded up: 89 min 59 s is not "90 min", 59.9 s is not "1 min".
    expect(text).toContain('  - b (1 h 29 min, warning): broker_disconnected');
    expect(text).toContain('  - c (59 s, error): server_error');
    // A day with a failed check is not "100.0 %".
    expect(text).toContain('Uptime, last 24 h: 99.9 %');
  });
});

describe('FileTokenStore', () => {
  it('keeps the sign-in in an owner-only file, replaced atomically', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'token-store-'));
    try {
      const store = new FileTokenStore(join(dir, 'nested', 'auth.json'));
      expect(await store.load()).toBeUndefined();
      await store.save({
        tokens: { access_token: 'a' },
        tokensSavedAt: '2025-11-25T12:00:00.000Z',
      });
      expect(await store.load()).toEqual({
        tokens: { access_token: 'a' },
        tokensSavedAt: '2025-11-25T12:00:00.000Z',
      });
      expect((await stat(store.path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
      await writeFile(store.path, '{ half a fi');
      expect(await store.load()).toBeUndefined();
      await store.clear();
      await store.clear();
      expect(await store.load()).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
