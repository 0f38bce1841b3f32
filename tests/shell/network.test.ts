// The desktop app's network: the real engine, composed by the app root with the mocked electron,
// fetches through Chromium's stack (net.fetch) and asks the OS whether it is online. An offline
// PC is grey and quiet; CrossTrade unreachable while online is worth a notification.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineOptions, MonitorEngine } from '../../electron/monitor/engine-types';
import { createEngine } from '../../electron/monitor/engine';
import { appPaths } from '../../electron/paths';
import { startSimulator, type Simulator } from '../../simulator/index';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { startApp, MCP_URL_ENV } = await import('../../electron/app-root');
type RunningApp = Awaited<ReturnType<typeof startApp>>;

let running: RunningApp | undefined;
let sim: Simulator | undefined;

/** An address on this computer where nothing listens: every connection is refused. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1/api/mcp`;
}

async function start(url: string) {
  let engine: MonitorEngine | undefined;
  let given: EngineOptions | undefined;
  running = await startApp({
    createEngine: (options) => {
      given = options;
      // The app's own options, with test timings: no start-up grace, checks driven by hand.
      engine = createEngine({
        ...options,
        callTimeoutMs: 1500,
        nt8ProcessCheck: async () => 'unknown',
        timing: { intervalMs: 60_000, errorRecheckMs: 60_000, resumeDelayMs: 60_000, graceMs: 0 },
      });
      return engine;
    },
    paths: appPaths('/app/out/main'),
    userData: mkdtempSync(join(tmpdir(), 'ct-net-')),
    platform: 'linux',
    env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'ct-xdg-')), [MCP_URL_ENV]: url },
    execPath: '/opt/crosstrade/crosstrade-mcp-monitor',
    appVersion: '0.1.0',
    startHidden: true,
    log: () => undefined,
    quit: () => undefined,
  });
  return { engine: engine!, options: given!, tray: electron.trays[0]! };
}

describe("the desktop app's network", () => {
  beforeEach(() => electron.reset());
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await sim?.close();
    sim = undefined;
  });

  it("gives the engine Electron's net.fetch: every request goes through Chromium's stack", async () => {
    sim = await startSimulator();
    const { engine, options } = await start(sim.url);
    expect(options.fetch).toBeTypeOf('function');
    expect(options.fetch).not.toBe(globalThis.fetch);
    await engine.checkNow();
    const mcpRequests = sim.stats().requests['/v1/api/mcp'] ?? {};
    const served = Object.values(mcpRequests).reduce((sum, n) => sum + n, 0);
    expect(served).toBeGreaterThan(0);
    // Every request the simulator served came through net.fetch.
    const throughNet = electron.net.fetched.filter((url) => url === sim!.url).length;
    expect(throughNet).toBe(served);
  });

  it('an offline PC is grey, says offline, and never notifies', async () => {
    electron.setOnline(false);
    const { engine, tray } = await start(await deadUrl());
    for (let i = 0; i < 3; i++) {
      const snapshot = await engine.checkNow();
      expect(snapshot.problems.map((p) => p.id)).toEqual(['offline']);
      expect(snapshot.level).toBe('unknown');
    }
    expect(tray.image.path).toBe('/app/out/icons/tray/unknown-24.png');
    expect(electron.notifications).toHaveLength(0);
  });

  it('CrossTrade unreachable for two checks while online notifies once', async () => {
    const { engine, tray } = await start(await deadUrl());
    const first = await engine.checkNow();
    expect(first.problems.map((p) => p.id)).toEqual(['network_unreachable']);
    expect(electron.notifications).toHaveLength(0);
    await engine.checkNow();
    expect(tray.image.path).toBe('/app/out/icons/tray/error-24.png');
    expect(electron.notifications.map((n) => n.options.title)).toEqual(['Cannot reach CrossTrade']);
    await engine.checkNow();
    expect(electron.notifications).toHaveLength(1);
  });

  it('going offline and coming back raises no notification', async () => {
    sim = await startSimulator();
    const { engine } = await start(sim.url);
    await engine.checkNow();
    await engine.checkNow();
    const before = electron.notifications.length;
    electron.setOnline(false);
    await sim.close();
    sim = undefined;
    for (let i = 0; i < 3; i++) {
      expect((await engine.checkNow()).problems.map((p) => p.id)).toEqual(['offline']);
    }
    electron.setOnline(true);
    expect(electron.notifications).toHaveLength(before);
  });
});
