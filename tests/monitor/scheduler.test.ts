// When checks run: the interval, the quick re-check in error, exponential backoff with jitter
// honouring Retry-After, pause/resume, coalescing, one check at a time, no timer left behind.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_TIMING,
  nextDelayMs,
  parseRetryAfter,
  Scheduler,
} from '../../electron/monitor/check/scheduler';
import type { Verdict } from '../../electron/monitor/check/scheduler';
import { startWorld } from './helpers';
import type { World } from './helpers';

const OK: Verdict = { error: false, transient: false };
const ERROR: Verdict = { error: true, transient: false };
const TRANSIENT: Verdict = { error: true, transient: true };

describe('nextDelayMs', () => {
  it('uses the normal interval while healthy', () => {
    expect(nextDelayMs(OK, { error: 0, transient: 0 }, DEFAULT_TIMING, 0.5)).toBe(30_000);
  });

  it('re-checks 10 s after entering error, then backs off to the interval', () => {
    expect(nextDelayMs(ERROR, { error: 1, transient: 0 }, DEFAULT_TIMING, 0.5)).toBe(10_000);
    expect(nextDelayMs(ERROR, { error: 2, transient: 0 }, DEFAULT_TIMING, 0.5)).toBe(30_000);
  });

  it('backs off exponentially on 429/5xx/network, with ±20 % jitter, up to a cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      nextDelayMs(TRANSIENT, { error: n, transient: n }, DEFAULT_TIMING, 0.5),
    );
    expect(delays.slice(0, 5)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect(Math.max(...delays)).toBe(DEFAULT_TIMING.backoffCapMs);
    expect(nextDelayMs(TRANSIENT, { error: 1, transient: 1 }, DEFAULT_TIMING, 0)).toBe(8_000);
    expect(nextDelayMs(TRANSIENT, { error: 1, transient: 1 }, DEFAULT_TIMING, 1)).toBe(12_000);
  });

  it('honours Retry-After when it asks for longer', () => {
    expect(
      nextDelayMs(
        { ...TRANSIENT, retryAfterMs: 120_000 },
        { error: 1, transient: 1 },
        DEFAULT_TIMING,
        0.5,
      ),
    ).toBe(120_000);
    expect(
      nextDelayMs(
        { ...TRANSIENT, retryAfterMs: 1_000 },
        { error: 1, transient: 1 },
        DEFAULT_TIMING,
        0.5,
      ),
    ).toBe(10_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-11-25T12:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 25 Nov 2025 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});

describe('Scheduler', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function deferred<T>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  }

  it('joins a check in flight instead of starting another', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const gate = deferred<Verdict>();
    const scheduler = new Scheduler<Verdict>({
      run: async () => {
        runs++;
        running++;
        maxRunning = Math.max(maxRunning, running);
        const verdict = await gate.promise;
        running--;
        return verdict;
      },
      verdict: (v) => v,
      timing: DEFAULT_TIMING,
      now: Date.now,
    });
    const a = scheduler.runNow();
    const b = scheduler.runNow();
    expect(b).toBe(a);
    expect(scheduler.checking).toBe(true);
    gate.resolve(OK);
    await a;
    expect(runs).toBe(1);
    expect(maxRunning).toBe(1);
    expect(scheduler.checking).toBe(false);
  });

  it('runs on its interval, pauses, resumes and stops without leaving a timer', async () => {
    vi.useFakeTimers();
    let runs = 0;
    const scheduler = new Scheduler<Verdict>({
      run: async () => {
        runs++;
        return OK;
      },
      verdict: (v) => v,
      timing: { ...DEFAULT_TIMING, intervalMs: 1_000, resumeDelayMs: 200 },
      now: Date.now,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(runs).toBe(4);
    scheduler.pause();
    expect(vi.getTimerCount()).toBe(0);
    expect(scheduler.nextCheckAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(4);
    scheduler.resume();
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toBe(5);
    await scheduler.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runs).toBe(5);
  });

  it('re-checks quickly in error and backs off on transient failures', async () => {
    vi.useFakeTimers();
    const verdicts = [ERROR, ERROR, TRANSIENT, TRANSIENT, OK];
    const at: number[] = [];
    const start = Date.now();
    const scheduler = new Scheduler<Verdict>({
      run: async () => {
        at.push(Date.now() - start);
        return verdicts.shift() ?? OK;
      },
      verdict: (v) => v,
      timing: DEFAULT_TIMING,
      now: Date.now,
      random: () => 0.5,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(200_000);
    await scheduler.stop();
    // error → 10 s; still error → 30 s; transient #1 → 10 s; transient #2 → 20 s; ok → 30 s…
    expect(at.slice(0, 6)).toEqual([0, 10_000, 40_000, 50_000, 70_000, 100_000]);
  });

  it('timers never keep the process alive', async () => {
    const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = refTimers();
    const scheduler = new Scheduler<Verdict>({
      run: async () => OK,
      verdict: (v) => v,
      timing: DEFAULT_TIMING,
      now: Date.now,
    });
    scheduler.start();
    await scheduler.runNow();
    expect(scheduler.nextCheckAt).toBeDefined(); // a timer is pending…
    expect(refTimers()).toBe(before); // …but unref'd: not an active resource
    await scheduler.stop();
  });
});

describe('the budget for checks nobody asked for', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A started scheduler on a 30 s interval whose first check has run; `runs` lists check times. */
  async function started() {
    vi.useFakeTimers();
    const t0 = Date.now();
    const runs: number[] = [];
    const scheduler = new Scheduler<Verdict>({
      run: async () => {
        runs.push(Date.now() - t0);
        return OK;
      },
      verdict: (v) => v,
      timing: DEFAULT_TIMING,
      now: Date.now,
    });
    scheduler.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([0]);
    return { scheduler, runs };
  }

  it('runs an extra check at once, then no more than one per 60 s beyond the schedule', async () => {
    const { scheduler, runs } = await started();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(scheduler.requestExtraCheck('file')).toBe('now');
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([0, 5_000]);
    // A request every 700 ms for the next 70 s: the schedule (30 s after the last check) serves
    // them until the budget allows the next extra check, 60 s after the first.
    for (let t = 0; t < 70_000; t += 700) {
      scheduler.requestExtraCheck('file');
      await vi.advanceTimersByTimeAsync(700);
    }
    await scheduler.stop();
    expect(runs).toEqual([0, 5_000, 35_000, 65_000, 65_200]);
  });

  it('defers a request made too soon to the budget boundary, when no scheduled check comes first', async () => {
    const { scheduler, runs } = await started();
    scheduler.setInterval(300_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(scheduler.requestExtraCheck('network back')).toBe('now');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(scheduler.requestExtraCheck('file')).toBe('deferred');
    expect(scheduler.requestExtraCheck('unlock')).toBe('deferred');
    await vi.advanceTimersByTimeAsync(120_000);
    await scheduler.stop();
    expect(runs).toEqual([0, 1_000, 61_000]);
  });

  it('drops a request when the next scheduled check comes before the budget allows one', async () => {
    const { scheduler, runs } = await started();
    expect(scheduler.requestExtraCheck('file')).toBe('now');
    await vi.advanceTimersByTimeAsync(20_000);
    // The next scheduled check is at 30 s, before the budget's end at 60 s.
    expect(scheduler.requestExtraCheck('file')).toBe('dropped');
    await vi.advanceTimersByTimeAsync(35_000);
    await scheduler.stop();
    expect(runs).toEqual([0, 0, 30_000]);
  });

  it('never limits Check now, and a Check now serves a deferred request', async () => {
    const { scheduler, runs } = await started();
    scheduler.setInterval(300_000);
    expect(scheduler.requestExtraCheck('file')).toBe('now');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(scheduler.requestExtraCheck('file')).toBe('deferred');
    for (let i = 0; i < 5; i++) {
      await scheduler.runNow();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    await vi.advanceTimersByTimeAsync(100_000);
    await scheduler.stop();
    expect(runs).toEqual([0, 0, 1_000, 2_000, 3_000, 4_000, 5_000]);
  });

  it('asks nothing while paused or stopped', async () => {
    const { scheduler, runs } = await started();
    scheduler.pause();
    expect(scheduler.requestExtraCheck('file')).toBe('dropped');
    await scheduler.stop();
    expect(scheduler.requestExtraCheck('file')).toBe('dropped');
    await vi.advanceTimersByTimeAsync(100_000);
    expect(runs).toEqual([0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the engine on its own schedule', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('checks on its interval, reports the next check, and stops cleanly', async () => {
    world = await startWorld({ engine: { timing: { intervalMs: 40, graceMs: 0 } } });
    await world.signIn();
    const schedule: Array<{ checking: boolean; nextCheckAt?: string }> = [];
    world.engine.on('schedule', (s) => schedule.push(s));
    const before = world.snapshots.length;
    world.engine.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await world.engine.stop();
    const checks = world.snapshots.length - before;
    expect(checks).toBeGreaterThanOrEqual(3);
    expect(schedule.some((s) => s.checking)).toBe(true);
    expect(schedule.some((s) => s.nextCheckAt !== undefined)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(world.snapshots.length - before).toBe(checks);
  });

  it('waits at least Retry-After after a 429', async () => {
    world = await startWorld({
      engine: { timing: { intervalMs: 40, errorRecheckMs: 20, graceMs: 0 } },
    });
    await world.signIn();
    world.sim.setScenario('rate_limited', { retryAfterSec: 2 });
    // The first plan made after a check ran (start() itself plans one from the sign-in's check).
    const next = new Promise<string>((resolve) => {
      let checked = false;
      const off = world?.engine.on('schedule', (s) => {
        if (s.checking) checked = true;
        else if (checked && s.nextCheckAt) {
          off?.();
          resolve(s.nextCheckAt);
        }
      });
    });
    world.engine.start();
    const nextAt = Date.parse(await next);
    expect(world.engine.snapshot.problems.map((p) => p.id)).toEqual(['rate_limited']);
    expect(nextAt - Date.now()).toBeGreaterThan(1_500);
  });

  it('pause shows a paused snapshot; resume checks again', async () => {
    world = await startWorld({
      engine: { timing: { intervalMs: 60_000, resumeDelayMs: 10, graceMs: 0 } },
    });
    await world.signIn();
    world.engine.start();
    world.engine.pause();
    expect(world.engine.snapshot).toMatchObject({ status: 'paused', level: 'unknown' });
    const resumed = new Promise((resolve) => {
      const off = world?.engine.on('snapshot', (s) => {
        if (s.status === 'checked') {
          off?.();
          resolve(s);
        }
      });
    });
    world.engine.resume();
    await expect(resumed).resolves.toMatchObject({ status: 'checked', level: 'ok' });
  });
});
