// Every simulator scenario and encoding, through the real engine over real HTTP: the snapshot's
// level and problem ids are what a trader would be told.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Level, ProblemId } from '../../shared/health';
import { ADDON_ENCODINGS, SCENARIO_NAMES } from '../../simulator/index';
import type { Simulator, ScenarioName } from '../../simulator/index';
import { ids, startWorld, tokenPosts } from './helpers';
import type { World } from './helpers';

/** Scenarios some test below drives; the last test fails if the simulator has one more. */
const covered = new Set<ScenarioName>();
function covers<N extends ScenarioName>(name: N): N {
  covered.add(name);
  return name;
}

/**
 * No new sign-in happened: still the one authorization and the one registration of the test's
 * own sign-in. (`world.prompts` cannot show this: a background check never calls openUrl.)
 */
function expectNoNewSignIn(sim: Simulator): void {
  const { tokens, registrations } = sim.stats();
  expect({ issued: tokens.issued, registrations }).toEqual({ issued: 1, registrations: 1 });
}

function deletes(sim: Simulator): number {
  return sim.stats().requests['/v1/api/mcp']?.DELETE ?? 0;
}

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

interface Case {
  scenario: ScenarioName;
  options?: Record<string, unknown>;
  level: Level;
  problems: ProblemId[];
}

// Active before sign-in, so the sign-in's first (full) check meets it.
const PRESET: Case[] = [
  { scenario: 'healthy', level: 'ok', problems: [] },
  // Every encoding the simulator knows, so a new one cannot go untested.
  ...ADDON_ENCODINGS.map((encoding): Case => ({
    scenario: 'addon_disconnected',
    options: { encoding },
    level: 'error',
    problems: ['addon_disconnected'],
  })),
  { scenario: 'nt8_unresponsive', level: 'error', problems: ['nt8_unresponsive'] },
  // The session opens and tools/list answers, but GetMcpCapabilities hangs: CrossTrade's side,
  // not "no internet".
  {
    scenario: 'nt8_unresponsive',
    options: { hang: 'every_tool' },
    level: 'error',
    problems: ['server_error'],
  },
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
  // An HTML page where MCP was expected means a wrong address (endpoint_not_found).
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
  // The up phase only: the down phase has its own test below.
  { scenario: 'flapping', options: { periodSec: 3600 }, level: 'ok', problems: [] },
];
for (const c of PRESET) covers(c.scenario);

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
      expectNoNewSignIn(world.sim);
    },
  );
});

describe('credential scenarios (activated after sign-in)', () => {
  it.each([covers('token_revoked'), covers('refresh_rejected')])(
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
      expectNoNewSignIn(world.sim);
    },
  );

  covers('token_short_ttl');
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
    expectNoNewSignIn(world.sim);
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
    expectNoNewSignIn(world.sim);
  });

  it('session_drop on every call: the failed retry is a clear server_error, then ok once it stops', async () => {
    world = await startWorld();
    await world.signIn();
    world.sim.setScenario('session_drop', { every: 1 });
    for (let i = 0; i < 3; i++) {
      const snapshot = await world.engine.checkNow();
      expect({ level: snapshot.level, problems: ids(snapshot), status: snapshot.status }).toEqual({
        level: 'error',
        problems: ['server_error'],
        status: 'checked',
      });
      expect(snapshot.problems[0]?.cause).toMatch(/session kept being dropped/i);
    }
    const sim = world.sim;
    // Every dropped session is ended, not left to pile up on the server.
    await vi.waitFor(() => expect(sim.stats().openSessions).toBeLessThanOrEqual(1));
    world.sim.setScenario('healthy');
    expect((await world.engine.checkNow()).level).toBe('ok');
    expectNoNewSignIn(world.sim);
  });

  it('slow: a server slower than usual but inside the timeout stays ok', async () => {
    world = await startWorld({
      sim: { scenario: 'slow', scenarioOptions: { ms: 60 } },
      engine: { callTimeoutMs: 2000 },
    });
    await world.signIn();
    for (let i = 0; i < 3; i++) expect((await world.engine.checkNow()).level).toBe('ok');
    expectNoNewSignIn(world.sim);
  });

  it('every tool hangs after a working handshake: server_error with the wait, never network_unreachable', async () => {
    world = await startWorld({ engine: { callTimeoutMs: 500 } });
    await world.signIn();
    expect((await world.engine.checkNow()).level).toBe('ok');
    world.sim.setScenario('nt8_unresponsive', { hang: 'every_tool' });
    for (let i = 0; i < 3; i++) {
      const snapshot = await world.engine.checkNow();
      expect(ids(snapshot)).toEqual(['server_error']);
      expect(snapshot.problems[0]?.cause).toMatch(
        /^CrossTrade accepted the connection but its tools did not answer within 5\d\d ms\. GetMcpCapabilities: no answer/,
      );
    }
    // Only the add-on's tools hanging again: NinjaTrader, found by the next add-on call.
    world.sim.setScenario('nt8_unresponsive');
    let found: string[] = [];
    for (let i = 0; i < 4 && found.length === 0; i++) found = ids(await world.engine.checkNow());
    expect(found).toEqual(['nt8_unresponsive']);
  });

  it('slow beyond the timeout: the server did not answer (network_unreachable), the session is ended and replaced', async () => {
    world = await startWorld({ engine: { callTimeoutMs: 500 } });
    await world.signIn();
    const sim = world.sim;
    // A settled, open session first, so the timeout hits a call on it (not the connect).
    expect((await world.engine.checkNow()).level).toBe('ok');
    await vi.waitFor(() => expect(sim.stats().openSessions).toBe(1));
    const sessionsBefore = sim.stats().sessionsCreated;
    const deletesBefore = deletes(sim);
    sim.setScenario('slow', { ms: 1500 });
    const snapshot = await world.engine.checkNow();
    expect(ids(snapshot)).toEqual(['network_unreachable']);
    expect(sim.stats().sessionsCreated).toBe(sessionsBefore);
    // The timed-out POST stays open until its transport closes: the session is ended (DELETE)…
    await vi.waitFor(() => expect(deletes(sim)).toBe(deletesBefore + 1), { timeout: 1000 });
    sim.setScenario('healthy');
    expect((await world.engine.checkNow()).level).toBe('ok');
    // …and the next check opens exactly one new session.
    expect(sim.stats().sessionsCreated - sessionsBefore).toBe(1);
  });

  it('flapping: the down phase is addon_disconnected, the next up phase ok again', async () => {
    world = await startWorld();
    await world.signIn();
    // Up for the first second, down the next, up again: each check runs well inside one phase.
    const start = Date.now();
    world.sim.setScenario('flapping', { periodSec: 1, encoding: 'jsonrpc_error' });
    expect((await world.engine.checkNow()).level).toBe('ok');
    await sleepUntil(start + 1200);
    expect(world.sim.state().addonConnected).toBe(false);
    const down = await world.engine.checkNow();
    expect({ level: down.level, problems: ids(down) }).toEqual({
      level: 'error',
      problems: ['addon_disconnected'],
    });
    await sleepUntil(start + 2200);
    expect(world.sim.state().addonConnected).toBe(true);
    expect((await world.engine.checkNow()).level).toBe('ok');
    expectNoNewSignIn(world.sim);
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

  // JSON mode answers a POST with one JSON body instead of an SSE stream: failures must read
  // the same either way.
  it.each([
    ['addon_disconnected', { encoding: 'http_408' }, 'error', ['addon_disconnected']],
    ['subscription_required', {}, 'error', ['subscription_required']],
    ['server_error', { status: 500 }, 'error', ['server_error']],
    ['server_error', { status: 503 }, 'error', ['server_error']],
    ['session_drop', { every: 2 }, 'ok', []],
  ] as const)('JSON responses: %s %j is %s %j', async (scenario, options, level, problems) => {
    world = await startWorld({
      sim: { jsonResponses: true, scenario, scenarioOptions: options as never },
      engine: { callTimeoutMs: 400 },
    });
    await world.signIn();
    for (const snapshot of [world.engine.snapshot, await world.engine.checkNow()]) {
      expect({ level: snapshot.level, problems: ids(snapshot) }).toEqual({ level, problems });
    }
    expectNoNewSignIn(world.sim);
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

describe('coverage', () => {
  it('every simulator scenario has a test case in this file', () => {
    expect(SCENARIO_NAMES.filter((name) => !covered.has(name))).toEqual([]);
  });
});
