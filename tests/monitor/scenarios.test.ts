// Every simulator scenario and encoding, through the real engine over real HTTP: the snapshot's
// level and problem ids are what a trader would be told.
import { afterEach, describe, expect, it } from 'vitest';
import type { Level, ProblemId } from '../../shared/health';
import type { ScenarioName } from '../../simulator/index';
import { ids, startWorld, tokenPosts } from './helpers';
import type { World } from './helpers';

interface Case {
  scenario: ScenarioName;
  options?: Record<string, unknown>;
  level: Level;
  problems: ProblemId[];
}

// Active before sign-in, so the sign-in's first (full) check meets it.
const PRESET: Case[] = [
  { scenario: 'healthy', level: 'ok', problems: [] },
  ...(['http_408', 'tool_error', 'jsonrpc_error', 'empty_payload'] as const).map(
    (encoding): Case => ({
      scenario: 'addon_disconnected',
      options: { encoding },
      level: 'error',
      problems: ['addon_disconnected'],
    }),
  ),
  { scenario: 'nt8_unresponsive', level: 'error', problems: ['nt8_unresponsive'] },
  {
    scenario: 'addon_outdated',
    level: 'warning',
    problems: ['addon_outdated'],
  },
  ...(['text', 'json_error', 'json_code'] as const).map((body): Case => ({
    scenario: 'subscription_required',
    options: { body },
    level: 'error',
    problems: ['subscription_required'],
  })),
  ...(['header', 'json', 'jsonrpc'] as const).map((as): Case => ({
    scenario: 'insufficient_scope',
    options: { as },
    level: 'error',
    problems: ['insufficient_scope'],
  })),
  ...(['Disconnected', 'ConnectionLost'] as const).map((status): Case => ({
    scenario: 'broker_down',
    options: { status },
    level: 'warning',
    problems: ['broker_disconnected'],
  })),
  ...(['transport', 'category'] as const).map((as): Case => ({
    scenario: 'selftest_degraded',
    options: { as },
    level: 'warning',
    problems: ['selftest_degraded'],
  })),
  ...([500, 503] as const).map((status): Case => ({
    scenario: 'server_error',
    options: { status },
    level: 'error',
    problems: ['server_error'],
  })),
  {
    scenario: 'rate_limited',
    options: { retryAfterSec: 7 },
    level: 'warning',
    problems: ['rate_limited'],
  },
  // An HTML page where MCP was expected means a wrong address (design.md §2: endpoint_not_found).
  {
    scenario: 'malformed',
    options: { as: 'html' },
    level: 'error',
    problems: ['endpoint_not_found'],
  },
  ...(['not_json', 'not_jsonrpc', 'bad_payload'] as const).map((as): Case => ({
    scenario: 'malformed',
    options: { as },
    level: 'error',
    problems: ['malformed_response'],
  })),
  {
    scenario: 'clock_skew',
    options: { offsetSec: 600 },
    level: 'warning',
    problems: ['clock_skew'],
  },
  {
    scenario: 'clock_skew',
    options: { offsetSec: -900 },
    level: 'warning',
    problems: ['clock_skew'],
  },
  { scenario: 'clock_skew', options: { offsetSec: 30 }, level: 'ok', problems: [] },
  { scenario: 'session_drop', options: { every: 2 }, level: 'ok', problems: [] },
  { scenario: 'slow', options: { ms: 60 }, level: 'ok', problems: [] },
  { scenario: 'flapping', options: { periodSec: 3600 }, level: 'ok', problems: [] },
];

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('every scenario, as the first check after sign-in meets it', () => {
  it.each(PRESET.map((c) => [`${c.scenario} ${JSON.stringify(c.options ?? {})}`, c] as const))(
    '%s',
    async (_label, c) => {
      world = await startWorld({
        sim: { scenario: c.scenario, scenarioOptions: (c.options ?? {}) as never },
        engine: { callTimeoutMs: 400 },
      });
      await world.signIn();
      const snapshot = world.engine.snapshot;
      expect({ level: snapshot.level, problems: ids(snapshot) }).toEqual({
        level: c.level,
        problems: c.problems,
      });
      expect(snapshot.status).toBe('checked');
      for (const problem of snapshot.problems) {
        expect(problem.cause.length).toBeGreaterThan(0);
        expect(problem.steps.length).toBeGreaterThan(0);
      }
      // The same answer on the next (light) check: a problem seen once is confirmed, not forgotten.
      const again = await world.engine.checkNow();
      expect({ level: again.level, problems: ids(again) }).toEqual({
        level: c.level,
        problems: c.problems,
      });
      expect(world.prompts).toHaveLength(1);
    },
  );
});

describe('credential scenarios (activated after sign-in)', () => {
  it.each(['token_revoked', 'refresh_rejected'] as const)(
    '%s becomes token_invalid without any browser opening',
    async (scenario) => {
      world = await startWorld();
      await world.signIn();
      world.sim.setScenario(scenario);
      const snapshot = await world.engine.checkNow();
      expect({ level: snapshot.level, problems: ids(snapshot) }).toEqual({
        level: 'error',
        problems: ['token_invalid'],
      });
      expect(snapshot.token.state).toBe('rejected');
      expect(snapshot.token.rejectedReason).toMatch(/invalid_grant/);
      expect(snapshot.token.lastRefreshResult).toBe('failed');
      // Still rejected (not "signed out") on the next check, and still no prompt.
      const next = await world.engine.checkNow();
      expect(ids(next)).toEqual(['token_invalid']);
      expect(world.prompts).toHaveLength(1);
    },
  );

  it('token_short_ttl: expired access tokens are refreshed silently and the chain stays ok', async () => {
    world = await startWorld();
    await world.signIn();
    world.sim.setScenario('token_short_ttl', { ttlSec: 1 });
    const refreshesBefore = tokenPosts(world.sim);
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const snapshot = await world.engine.checkNow();
      expect({ level: snapshot.level, problems: ids(snapshot) }).toEqual({
        level: 'ok',
        problems: [],
      });
      expect(snapshot.token.lastRefreshResult).toBe('ok');
    }
    expect(tokenPosts(world.sim) - refreshesBefore).toBe(2);
    expect(world.sim.stats().tokens.issued).toBe(1); // no new authorization
    expect(world.prompts).toHaveLength(1);
  });

  it('session_drop: lost sessions are rebuilt and retried at once; no new sign-in', async () => {
    world = await startWorld({ sim: { scenario: 'session_drop', scenarioOptions: { every: 2 } } });
    await world.signIn();
    for (let i = 0; i < 12; i++) {
      const snapshot = await world.engine.checkNow();
      expect(snapshot.level).toBe('ok');
    }
    const stats = world.sim.stats();
    expect(stats.sessionsCreated).toBeGreaterThan(3);
    expect(stats.openSessions).toBeLessThanOrEqual(1);
    expect(stats.tokens.issued).toBe(1);
    expect(world.prompts).toHaveLength(1);
  });

  it('slow: a server slower than usual but inside the timeout stays ok', async () => {
    world = await startWorld({
      sim: { scenario: 'slow', scenarioOptions: { ms: 60 } },
      engine: { callTimeoutMs: 2000 },
    });
    await world.signIn();
    for (let i = 0; i < 3; i++) expect((await world.engine.checkNow()).level).toBe('ok');
    expect(world.prompts).toHaveLength(1);
  });

  it('slow beyond the timeout: the server did not answer (network_unreachable), the session is dropped', async () => {
    world = await startWorld({ engine: { callTimeoutMs: 150 } });
    await world.signIn();
    world.sim.setScenario('slow', { ms: 400 });
    const snapshot = await world.engine.checkNow();
    expect(ids(snapshot)).toEqual(['network_unreachable']);
    world.sim.setScenario('healthy');
    expect((await world.engine.checkNow()).level).toBe('ok');
  });
});

describe('problems that start while the monitor runs', () => {
  it.each([
    ['nt8_unresponsive', {}, ['nt8_unresponsive']],
    ['broker_down', {}, ['broker_disconnected']],
    ['addon_disconnected', { encoding: 'tool_error' }, ['addon_disconnected']],
    ['subscription_required', {}, ['subscription_required']],
  ] as const)('%s is found within four light checks', async (scenario, options, expected) => {
    world = await startWorld({ engine: { callTimeoutMs: 300 } });
    await world.signIn();
    expect((await world.engine.checkNow()).level).toBe('ok');
    world.sim.setScenario(scenario, options as never);
    let found: string[] = [];
    for (let i = 0; i < 4 && found.length === 0; i++) found = ids(await world.engine.checkNow());
    expect(found).toEqual(expected);
    world.sim.setScenario('healthy');
    // …and cleared at the next check once it is gone.
    expect((await world.engine.checkNow()).level).toBe('ok');
  });
});

describe('simulator variants', () => {
  it('signs in with the `Bearer realm="…"` challenge and JSON (non-SSE) responses', async () => {
    world = await startWorld({ sim: { challenge: 'realm', jsonResponses: true } });
    await world.signIn();
    expect(world.engine.snapshot.level).toBe('ok');
  });

  it('refuses an authorization server whose issuer does not match: discovery_failed', async () => {
    world = await startWorld({ sim: { issuer: 'https://impostor.example' } });
    await expect(world.signIn()).rejects.toThrow(/issuer/i);
    const snapshot = await world.engine.checkNow();
    expect(ids(snapshot)).toContain('discovery_failed');
    expect(snapshot.token.state).toBe('signed_out');
  });

  it('reuses its client registration (CrossTrade allows 10 per hour)', async () => {
    world = await startWorld({ sim: { registrationLimit: 1 } });
    await world.signIn();
    await world.engine.signOut();
    await world.signIn();
    expect(world.sim.stats().registrations).toBe(1);
    expect(world.engine.snapshot.level).toBe('ok');
  });
});
