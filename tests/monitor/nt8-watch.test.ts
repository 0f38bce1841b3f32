// The NinjaTrader watch on a fake process table and clock: a closed NT8 is seen within about a
// second from one signal-0 call a second (no process list), a restart within a few seconds.
import { describe, expect, it } from 'vitest';
import { Nt8Watch, type Nt8Change } from '../../electron/monitor/check/nt8-watch';
import { FakeClock, FakeProcessTable } from './fake-processes';

function watch(options: { expectLocal?: boolean; enabled?: () => boolean } = {}) {
  const table = new FakeProcessTable();
  const clock = new FakeClock();
  const changes: Nt8Change[] = [];
  const w = new Nt8Watch({
    table,
    clock,
    onChange: (change) => changes.push(change),
    enabled: options.enabled ?? (() => true),
    expectLocal: () => options.expectLocal ?? false,
  });
  return { table, clock, changes, w };
}

describe('the NinjaTrader watch', () => {
  it('sees NT8 close within a second, by its pid alone', async () => {
    const { table, clock, changes, w } = watch();
    const pid = table.startNt8();
    expect(await w.check()).toBe('running');
    w.start();
    const listsBefore = table.lists;
    await clock.advance(10_000);
    expect(changes).toEqual([]);
    // While it runs: one signal-0 call a second, no process list.
    expect(table.signals).toBe(10);
    expect(table.lists).toBe(listsBefore);
    table.closeNt8();
    const closedAt = clock.now();
    await clock.advance(1000);
    expect(changes).toEqual([{ state: 'not_running', pid, at: closedAt + 1000 }]);
    expect(w.state).toBe('not_running');
    w.stop();
  });

  it('sees it start again within a few seconds (a light list while it is closed)', async () => {
    const { table, clock, changes, w } = watch();
    table.startNt8();
    await w.check();
    w.start();
    table.closeNt8();
    await clock.advance(1000);
    const lists = table.lists;
    await clock.advance(20_000);
    expect(table.lists - lists).toBe(4); // one list every 5 s while closed
    const pid = table.startNt8();
    const startedAt = clock.now();
    await clock.advance(5000);
    expect(changes.at(-1)).toEqual({ state: 'running', pid, at: startedAt + 5000 });
    expect(changes).toHaveLength(2);
    w.stop();
  });

  it('never lists processes for an NT8 never seen here, unless NT8 is set to run here', async () => {
    const quiet = watch();
    await quiet.w.check();
    quiet.w.start();
    await quiet.clock.advance(60_000);
    expect(quiet.table.lists).toBe(1);
    quiet.w.stop();

    const local = watch({ expectLocal: true });
    await local.w.check();
    local.w.start();
    await local.clock.advance(4000);
    const pid = local.table.startNt8();
    await local.clock.advance(1000);
    expect(local.changes).toEqual([{ state: 'running', pid, at: 5000 }]);
    local.w.stop();
  });

  it('does nothing while disabled (NT8 known to run elsewhere) and nothing after stop', async () => {
    let enabled = false;
    const { table, clock, changes, w } = watch({ enabled: () => enabled });
    table.startNt8();
    await w.check();
    w.start();
    table.closeNt8();
    await clock.advance(10_000);
    expect(changes).toEqual([]);
    expect(table.signals).toBe(0);
    enabled = true;
    await clock.advance(1000);
    expect(changes).toHaveLength(1);
    w.stop();
    table.startNt8();
    await clock.advance(60_000);
    expect(changes).toHaveLength(1);
  });
});
