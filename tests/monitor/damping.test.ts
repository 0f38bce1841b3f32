// Transitions and damping: a new error must hold 2 checks or 20 s before it is notify-worthy,
// nothing is notify-worthy in the 15 s after start or resume, a recovery is announced once, and
// flapping yields at most one notify-worthy transition per damping window.
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import type { HealthSnapshot, Level, ProblemId } from '../../shared/health';
import type { Transition } from '../../electron/monitor/engine-types';
import { DEFAULT_DAMPING, TransitionDamper } from '../../electron/monitor/check/damping';
import { ids, startWorld } from './helpers';
import type { World } from './helpers';

function snap(
  level: Level,
  problems: ProblemId[] = [],
  status: HealthSnapshot['status'] = 'checked',
): HealthSnapshot {
  return {
    level,
    problems: problems.map((id) => ({
      id,
      level: CATALOG[id].level,
      title: CATALOG[id].title,
      cause: '',
      steps: [],
    })),
    status,
    checkedAt: new Date(0).toISOString(),
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    token: { state: 'signed_in', refreshTokenPresent: true },
    nt8Process: 'unknown',
  };
}

const OK = () => snap('ok');
const DOWN = () => snap('error', ['addon_disconnected']);

function monitorAt(start = 100_000) {
  let now = start;
  const monitor = new TransitionDamper(() => now, DEFAULT_DAMPING);
  const worthy: Transition[] = [];
  const all: Transition[] = [];
  const feed = (snapshot: HealthSnapshot, advanceMs = 10_000) => {
    now += advanceMs;
    for (const t of monitor.observe(snapshot)) {
      all.push(t);
      if (t.notifyWorthy) worthy.push(t);
    }
  };
  return { monitor, worthy, all, feed, now: () => now };
}

describe('TransitionDamper', () => {
  it('marks a new error notify-worthy only once it held two consecutive checks', () => {
    const m = monitorAt();
    m.feed(OK());
    m.feed(DOWN());
    expect(m.all.map((t) => [t.kind, t.notifyWorthy])).toEqual([['broken', false]]);
    m.feed(DOWN());
    expect(m.worthy).toHaveLength(1);
    expect(m.worthy[0]).toMatchObject({
      from: 'ok',
      to: 'error',
      kind: 'broken',
      added: ['addon_disconnected'],
    });
    m.feed(DOWN());
    expect(m.worthy).toHaveLength(1);
  });

  it('…or 20 s, whichever comes first', () => {
    const m = monitorAt();
    m.monitor.observe(OK());
    m.feed(DOWN(), 1);
    m.feed(snap('error', ['addon_disconnected']), 20_000);
    expect(m.worthy).toHaveLength(1);
  });

  it('a change the engine saw happen (NinjaTrader exited) is announced at once, not after a hold', () => {
    let now = 100_000;
    const monitor = new TransitionDamper(() => now, DEFAULT_DAMPING);
    monitor.observe(OK());
    now += 1000;
    const closed = snap('error', ['nt8_not_running']);
    const transitions = monitor.observe(closed, { confirmed: true });
    expect(transitions.map((t) => [t.kind, t.notifyWorthy, t.added])).toEqual([
      ['broken', true, ['nt8_not_running']],
    ]);
    // The grace period after start still holds it back.
    const quiet = new TransitionDamper(() => now, DEFAULT_DAMPING);
    quiet.quiet();
    quiet.observe(OK());
    expect(quiet.observe(closed, { confirmed: true }).some((t) => t.notifyWorthy)).toBe(false);
  });

  it('ignores a one-check blip', () => {
    const m = monitorAt();
    m.feed(OK());
    m.feed(DOWN());
    m.feed(OK());
    m.feed(OK());
    expect(m.worthy).toEqual([]);
    expect(m.all.map((t) => t.kind)).toEqual(['broken', 'fixed']);
  });

  it('announces a recovery once, and only after the breakage was announced', () => {
    const m = monitorAt();
    m.feed(DOWN());
    m.feed(DOWN());
    m.feed(OK());
    m.feed(OK());
    m.feed(OK());
    expect(m.worthy.map((t) => t.kind)).toEqual(['broken', 'fixed']);
  });

  it('is quiet for 15 s after start or resume, then tells what still holds', () => {
    const m = monitorAt();
    m.monitor.quiet();
    m.feed(DOWN(), 5_000);
    m.feed(DOWN(), 5_000);
    expect(m.worthy).toEqual([]);
    m.feed(DOWN(), 6_000);
    expect(m.worthy).toHaveLength(1);
  });

  it('does not re-announce the same problem after a pause', () => {
    const m = monitorAt();
    m.feed(DOWN());
    m.feed(DOWN());
    m.feed(snap('unknown', [], 'paused'));
    m.monitor.quiet();
    m.feed(DOWN(), 20_000);
    m.feed(DOWN());
    expect(m.worthy).toHaveLength(1);
  });

  it('treats a changed problem set as news', () => {
    const m = monitorAt();
    m.feed(DOWN());
    m.feed(DOWN());
    m.feed(snap('error', ['addon_disconnected', 'broker_disconnected']), 20_000);
    m.feed(snap('error', ['addon_disconnected', 'broker_disconnected']), 20_000);
    expect(m.worthy.map((t) => t.added)).toEqual([['addon_disconnected'], ['broker_disconnected']]);
  });

  it('flapping every check never becomes notify-worthy', () => {
    const m = monitorAt();
    for (let i = 0; i < 40; i++) m.feed(i % 2 ? DOWN() : OK());
    expect(m.worthy).toEqual([]);
  });

  it('slow flapping yields at most one notify-worthy transition per 20 s window', () => {
    const m = monitorAt();
    const at: number[] = [];
    for (let i = 0; i < 60; i++) {
      m.feed(Math.floor(i / 2) % 2 ? DOWN() : OK(), 5_000);
      if (m.worthy.length > at.length) at.push(m.now());
    }
    expect(at.length).toBeGreaterThan(2);
    for (let i = 1; i < at.length; i++)
      expect((at[i] ?? 0) - (at[i - 1] ?? 0)).toBeGreaterThanOrEqual(20_000);
  });
});

describe('flapping add-on against the simulator', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('yields at most one notify-worthy transition per damping window; a down phase reads as addon_disconnected', async () => {
    // Monitor time runs 5 s per check (the damping window is 20 s of it); the simulator flaps
    // on real time, fast enough to change state every couple of checks.
    const periodMs = 120;
    let clock = Date.parse('2025-11-25T12:00:00Z');
    world = await startWorld({
      sim: {
        scenario: 'flapping',
        scenarioOptions: { periodSec: periodMs / 1000, encoding: 'tool_error' },
      },
      engine: { now: () => clock, timing: { graceMs: 15_000, holdChecks: 2, holdMs: 20_000 } },
    });
    await world.signIn();
    world.engine.start(); // start of the grace period (no timer fires: the interval is long)
    const since = Date.parse(world.sim.state().since);
    const phase = (at: number) => Math.floor((at - since) / periodMs);
    const worthyAt: number[] = [];
    // What checks that ran wholly inside one up or down phase saw.
    const inPhase = new Set<string>();
    world.engine.on('transition', (t) => {
      if (t.notifyWorthy) worthyAt.push(clock);
    });
    for (let i = 0; i < 40; i++) {
      clock += 5_000;
      const started = Date.now();
      const snapshot = await world.engine.checkNow();
      // A check straddling a phase change may meet both states (e.g. capabilities up, then
      // tools/list without the add-on tools): only the others are held to an exact answer.
      if (phase(started) === phase(Date.now())) {
        const down = phase(started) % 2 === 1;
        inPhase.add(`${down ? 'down' : 'up'} ${snapshot.level} ${JSON.stringify(ids(snapshot))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 45));
    }
    // It did flap, and each phase read exactly as it should.
    expect([...inPhase].sort()).toEqual(['down error ["addon_disconnected"]', 'up ok []']);
    expect(worthyAt.length).toBeGreaterThan(0);
    expect(worthyAt[0]).toBeGreaterThanOrEqual(Date.parse('2025-11-25T12:00:15Z'));
    for (let i = 1; i < worthyAt.length; i++) {
      expect((worthyAt[i] ?? 0) - (worthyAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(20_000);
    }
    expect(worthyAt.length).toBeLessThanOrEqual((40 * 5_000) / 20_000);
  });
});
