import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../electron/monitor/engine';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import type { MonitorEngine } from '../../electron/monitor/engine-types';
import { startSimulator, type Simulator } from '../../simulator';
import { FakeEngine } from './fixtures';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { PowerController, ONLINE_POLL_MS } = await import('../../electron/power');

describe('power and network controller', () => {
  beforeEach(() => {
    electron.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  function setup() {
    const engine = new FakeEngine();
    const controller = new PowerController({ engine, log: vi.fn() });
    controller.start();
    return { engine, controller };
  }

  it('pauses the checks when the system suspends', () => {
    const { engine } = setup();
    electron.powerMonitor.emit('suspend');
    expect(engine.pause).toHaveBeenCalledTimes(1);
    expect(engine.resume).not.toHaveBeenCalled();
  });

  it('resumes the engine (which re-checks after its grace period) after a suspend', () => {
    const { engine } = setup();
    electron.powerMonitor.emit('suspend');
    electron.powerMonitor.emit('resume');
    expect(engine.resume).toHaveBeenCalledTimes(1);
    expect(engine.requestCheck).not.toHaveBeenCalled();
  });

  it('re-checks after the grace period when the screen unlocks without a suspend', () => {
    const { engine } = setup();
    electron.powerMonitor.emit('unlock-screen');
    expect(engine.requestCheck).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_999);
    expect(engine.requestCheck).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(engine.requestCheck).toHaveBeenCalledTimes(1);
  });

  it('makes one request of several wake events, through the budget, never a Check now', () => {
    const { engine } = setup();
    electron.powerMonitor.emit('resume');
    electron.powerMonitor.emit('unlock-screen');
    vi.advanceTimersByTime(2_000);
    expect(engine.requestCheck).toHaveBeenCalledTimes(1);
    expect(engine.checkNow).not.toHaveBeenCalled();
  });

  it('drops a pending unlock re-check when the system suspends', () => {
    const { engine } = setup();
    electron.powerMonitor.emit('unlock-screen');
    electron.powerMonitor.emit('suspend');
    vi.advanceTimersByTime(10_000);
    expect(engine.requestCheck).not.toHaveBeenCalled();
  });

  it('re-checks at once when the network comes back', () => {
    const { engine } = setup();
    electron.setOnline(false);
    vi.advanceTimersByTime(ONLINE_POLL_MS);
    expect(engine.requestCheck).not.toHaveBeenCalled();
    electron.setOnline(true);
    vi.advanceTimersByTime(ONLINE_POLL_MS);
    expect(engine.requestCheck).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(ONLINE_POLL_MS * 3);
    expect(engine.requestCheck).toHaveBeenCalledTimes(1);
  });

  it('leaves the re-check to resume while suspended', () => {
    const { engine } = setup();
    electron.powerMonitor.emit('suspend');
    electron.setOnline(false);
    vi.advanceTimersByTime(ONLINE_POLL_MS);
    electron.setOnline(true);
    vi.advanceTimersByTime(ONLINE_POLL_MS);
    expect(engine.requestCheck).not.toHaveBeenCalled();
  });

  it('stops listening and polling when stopped', () => {
    const { engine, controller } = setup();
    controller.stop();
    expect(vi.getTimerCount()).toBe(0);
    electron.powerMonitor.emit('suspend');
    expect(engine.pause).not.toHaveBeenCalled();
    expect(electron.powerMonitor.listenerCount('resume')).toBe(0);
  });
});

describe('resume with the real engine', () => {
  let sim: Simulator | undefined;
  let engine: MonitorEngine | undefined;
  afterEach(async () => {
    await engine?.stop();
    await sim?.close();
  });

  function nextSchedule(
    target: MonitorEngine,
    predicate: (state: { checking: boolean }) => boolean,
  ): Promise<void> {
    return new Promise((resolve) => {
      const off = target.on('schedule', (state) => {
        if (predicate(state)) {
          off();
          resolve();
        }
      });
    });
  }

  it('pauses on suspend and runs a check only after the grace period once resumed', async () => {
    electron.reset();
    sim = await startSimulator();
    const resumeDelayMs = 400;
    engine = createEngine({
      serverUrl: sim.url,
      tokenStore: new MemoryTokenStore(),
      stateDir: mkdtempSync(join(tmpdir(), 'ct-power-')),
      timing: {
        intervalMs: 3_600_000,
        errorRecheckMs: 3_600_000,
        backoffCapMs: 3_600_000,
        resumeDelayMs,
      },
      nt8ProcessCheck: async () => 'unknown',
    });
    const power = new PowerController({ engine, log: vi.fn(), isOnline: () => true });
    power.start();
    engine.start();
    await nextSchedule(engine, (state) => !state.checking && engine!.nextCheckAt !== undefined);
    expect(engine.snapshot.status).toBe('checked');

    electron.powerMonitor.emit('suspend');
    expect(engine.snapshot.status).toBe('paused');
    expect(engine.nextCheckAt).toBeUndefined();

    const resumedAt = Date.now();
    electron.powerMonitor.emit('resume');
    // Not at once: the first check waits for the grace period…
    expect(engine.checking).toBe(false);
    expect(Date.parse(engine.nextCheckAt!)).toBeGreaterThanOrEqual(resumedAt + resumeDelayMs);
    // …then runs by itself.
    await nextSchedule(engine, (state) => state.checking);
    await nextSchedule(engine, (state) => !state.checking);
    expect(engine.snapshot.status).toBe('checked');
    power.stop();
  });

  it('runs a check after the grace period when the screen unlocks without a suspend', async () => {
    electron.reset();
    sim = await startSimulator();
    engine = createEngine({
      serverUrl: sim.url,
      tokenStore: new MemoryTokenStore(),
      stateDir: mkdtempSync(join(tmpdir(), 'ct-power-')),
      timing: { intervalMs: 3_600_000, errorRecheckMs: 3_600_000, backoffCapMs: 3_600_000 },
      nt8ProcessCheck: async () => 'unknown',
    });
    const power = new PowerController({
      engine,
      log: vi.fn(),
      isOnline: () => true,
      resumeDelayMs: 300,
    });
    power.start();
    engine.start();
    await nextSchedule(engine, (state) => !state.checking && engine!.nextCheckAt !== undefined);
    const firstCheckedAt = engine.snapshot.checkedAt;

    const unlockedAt = Date.now();
    electron.powerMonitor.emit('unlock-screen');
    expect(engine.checking).toBe(false);
    // The next scheduled check is an hour away: this one comes from the unlock.
    await nextSchedule(engine, (state) => state.checking);
    expect(Date.now() - unlockedAt).toBeGreaterThanOrEqual(290);
    await nextSchedule(engine, (state) => !state.checking);
    expect(engine.snapshot.status).toBe('checked');
    expect(engine.snapshot.checkedAt).not.toBe(firstCheckedAt);
    power.stop();
  });
});
