// The engine with a fake process table, over real HTTP against the simulator: where NinjaTrader
// runs is learned and remembered, its exit turns the tray red with one notification about a
// second later, its return turns it green without waiting for the poll, and outside trading
// hours an add-on drop is grey and silent.
import { afterEach, describe, expect, it } from 'vitest';
import type { HealthSnapshot } from '../../shared/health';
import { CME_GLOBEX, type TradingHours } from '../../shared/trading-hours';
import { createEngine } from '../../electron/monitor/engine';
import type { Transition } from '../../electron/monitor/engine-types';
import { PID_POLL_MS, LIST_POLL_MS } from '../../electron/monitor/check/nt8-watch';
import {
  decideNotification,
  EMPTY_MEMORY,
  type NotificationMemory,
  type PlannedNotification,
} from '../../electron/policy/notification-policy';
import { trayIconFile } from '../../electron/policy/tray-icon';
import { FakeClock, FakeProcessTable } from './fake-processes';
import { FAST, ids, startWorld, totalRequests, type World } from './helpers';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** What the desktop notifications would have shown for these transitions. */
function notificationsFor(transitions: Transition[]): PlannedNotification[] {
  let memory: NotificationMemory = EMPTY_MEMORY;
  const shown: PlannedNotification[] = [];
  for (const transition of transitions) {
    const decision = decideNotification(transition, memory, {
      now: Date.now(),
      windowFocused: false,
      paused: false,
      toggles: { disconnect: true, recovery: true, token: true, outdated: true },
    });
    memory = decision.memory;
    if (decision.show) shown.push(decision.notification);
  }
  return shown;
}

async function until(what: string, test: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const windows = (table: FakeProcessTable, clock?: FakeClock) => ({
  platform: 'win32' as const,
  processTable: table,
  nt8ProcessCheck: undefined,
  ...(clock ? { watchClock: clock } : {}),
});

describe('where NinjaTrader runs (auto)', () => {
  it('learns "another computer" from one healthy check without a local NT8, and keeps it', async () => {
    const table = new FakeProcessTable();
    world = await startWorld({ engine: windows(table) });
    await world.signIn();
    expect(world.engine.snapshot.level).toBe('ok');
    expect(world.engine.snapshot.nt8Location).toBe('remote');

    world.sim.setScenario('addon_disconnected');
    for (let i = 0; i < 3; i++) {
      const snapshot = await world.engine.checkNow();
      expect(ids(snapshot)).toEqual(['addon_disconnected']);
      expect(snapshot.problems[0]?.steps[0]?.text).toBe(
        'On your VPS: open NinjaTrader 8 and log in.',
      );
    }

    // A restart remembers it (the learned location lives in the state folder).
    const again = createEngine({
      serverUrl: world.sim.url,
      tokenStore: world.store,
      stateDir: world.stateDir,
      callTimeoutMs: 1500,
      ...windows(table),
    });
    try {
      const snapshot = await again.checkNow();
      expect(ids(snapshot)).toEqual(['addon_disconnected']);
      expect(snapshot.nt8Location).toBe('remote');
    } finally {
      await again.stop();
    }
  });

  it('before anything is learned, an add-on drop with no NT8 here still says NT8 is closed', async () => {
    const table = new FakeProcessTable();
    world = await startWorld({ sim: { scenario: 'addon_disconnected' }, engine: windows(table) });
    await world.signIn();
    expect(ids(world.engine.snapshot)).toEqual(['nt8_not_running']);
    expect(world.engine.snapshot.nt8Location).toBe('unknown');
  });

  it('a Mac or Linux computer is always "another computer", whatever its process list says', async () => {
    world = await startWorld({
      sim: { scenario: 'addon_disconnected' },
      engine: { platform: 'darwin', nt8ProcessCheck: async () => 'not_running' },
    });
    await world.signIn();
    expect(ids(world.engine.snapshot)).toEqual(['addon_disconnected']);
    expect(world.engine.snapshot.nt8Location).toBe('remote');
  });
});

describe('NinjaTrader closing and starting on this computer', () => {
  it('its exit: red and one notification a watch tick later; its return: green before the poll', async () => {
    const table = new FakeProcessTable();
    const clock = new FakeClock();
    table.startNt8();
    world = await startWorld({ engine: windows(table, clock) });
    await world.signIn();
    expect(world.engine.snapshot.nt8Location).toBe('local');
    world.engine.start();
    const transitionsBefore = world.transitions.length;
    const nextPoll = Date.parse(world.engine.nextCheckAt ?? '');

    // NinjaTrader closes (the add-on goes with it).
    world.sim.setScenario('addon_disconnected');
    table.closeNt8();
    const started = performance.now();
    await clock.advance(PID_POLL_MS);
    await until('the red snapshot', () => world?.engine.snapshot.level === 'error');
    const checkMs = performance.now() - started;
    expect(ids(world.engine.snapshot)).toEqual(['nt8_not_running']);
    // One watch tick (1 s) plus the check it started: well inside 2 s.
    expect(checkMs).toBeLessThan(1000);
    const afterExit = world.transitions.slice(transitionsBefore);
    const shown = notificationsFor(afterExit);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ kind: 'disconnect', problemId: 'nt8_not_running' });
    expect(trayIconFile(world.engine.snapshot.level, 'win32')).toBe('error.ico');

    // It starts again: seen by the light list while closed, checked at once.
    world.sim.setScenario('healthy');
    table.startNt8();
    await clock.advance(LIST_POLL_MS);
    await until('the green snapshot', () => world?.engine.snapshot.level === 'ok');
    expect(Date.now()).toBeLessThan(nextPoll);
    expect(trayIconFile(world.engine.snapshot.level, 'win32')).toBe('ok.ico');
  });

  it('NinjaTrader loading slowly: a follow-up check a few seconds later catches the add-on', async () => {
    const table = new FakeProcessTable();
    const clock = new FakeClock();
    table.startNt8();
    world = await startWorld({ engine: windows(table, clock) });
    await world.signIn();
    world.engine.start();
    world.sim.setScenario('addon_disconnected');
    table.closeNt8();
    await clock.advance(PID_POLL_MS);
    await until('the red snapshot', () => world?.engine.snapshot.level === 'error');

    // NinjaTrader is back but still loading: the add-on is not connected yet.
    table.startNt8();
    const checks = world.snapshots.length;
    await clock.advance(LIST_POLL_MS);
    await until('the check at start', () => (world?.snapshots.length ?? 0) > checks);
    expect(world.engine.snapshot.level).toBe('error');
    world.sim.setScenario('healthy');
    // The first follow-up comes 5 s later, long before the 60 s poll.
    await until('green', () => world?.engine.snapshot.level === 'ok', 8000);
  }, 15_000);

  it('while NinjaTrader runs, watching it costs no MCP request', async () => {
    const table = new FakeProcessTable();
    const clock = new FakeClock();
    table.startNt8();
    world = await startWorld({ engine: windows(table, clock) });
    await world.signIn();
    world.engine.start();
    const requests = totalRequests(world.sim);
    const lists = table.lists;
    await clock.advance(60_000);
    expect(totalRequests(world.sim)).toBe(requests);
    expect(table.lists).toBe(lists);
    expect(table.signals).toBeGreaterThanOrEqual(60);
  });
});

describe('trading hours', () => {
  const closedAllWeek: TradingHours = { ...CME_GLOBEX, days: CME_GLOBEX.days.map(() => []) };

  it('outside them an add-on drop is grey "Market closed" and notifies nothing', async () => {
    // No flap window: the subscription problem right after is announced in this test's seconds.
    world = await startWorld({
      engine: { tradingHours: closedAllWeek, timing: { ...FAST, holdMs: 0 } },
    });
    await world.signIn();
    expect(world.engine.snapshot.level).toBe('ok');
    world.sim.setScenario('addon_disconnected');
    let snapshot: HealthSnapshot = world.engine.snapshot;
    for (let i = 0; i < 3; i++) snapshot = await world.engine.checkNow();
    expect(snapshot.level).toBe('unknown');
    expect(snapshot.problems.map((p) => p.title)).toEqual(['Market closed · NinjaTrader is off']);
    expect(trayIconFile(snapshot.level, 'win32')).toBe('unknown.ico');
    expect(notificationsFor(world.transitions)).toEqual([]);

    // A subscription problem still shows: it will break the next session.
    world.sim.setScenario('subscription_required');
    for (let i = 0; i < 2; i++) snapshot = await world.engine.checkNow();
    expect(ids(snapshot)).toEqual(['subscription_required']);
    expect(notificationsFor(world.transitions)).toHaveLength(1);
  });

  it('with "only during trading hours" off, the same drop alerts as before', async () => {
    world = await startWorld({
      engine: { tradingHours: { ...closedAllWeek, onlyDuringHours: false } },
    });
    await world.signIn();
    world.sim.setScenario('addon_disconnected');
    await world.engine.checkNow();
    await world.engine.checkNow();
    expect(ids(world.engine.snapshot)).toEqual(['addon_disconnected']);
    expect(notificationsFor(world.transitions)).toHaveLength(1);
  });
});
