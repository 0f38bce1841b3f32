import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientFinding } from '../../shared/health';
import type { AppState } from '../../shared/ipc';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { EngineOptions } from '../../electron/monitor/engine-types';
import type * as WatchModule from '../../electron/monitor/clients/watch';
import { appPaths } from '../../electron/paths';
import { ADDON_DOWN, FakeEngine, HEALTHY, transition } from './fixtures';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

// The config watcher, switchable off so a test can prove Check now (not the watcher) re-scans.
const watching = vi.hoisted(() => ({ off: false, stubbed: 0 }));
vi.mock('../../electron/monitor/clients/watch', async (importOriginal) => {
  const real = await importOriginal<typeof WatchModule>();
  return {
    ...real,
    watchClientConfigs: (...args: Parameters<typeof real.watchClientConfigs>) => {
      if (!watching.off) return real.watchClientConfigs(...args);
      watching.stubbed++;
      return () => {};
    },
  };
});

const { startApp, MCP_URL_ENV } = await import('../../electron/app-root');
type RunningApp = Awaited<ReturnType<typeof startApp>>;

const paths = appPaths('/app/out/main');
let running: RunningApp | undefined;

async function start(
  options: {
    env?: NodeJS.ProcessEnv;
    startHidden?: boolean;
    userData?: string;
    clientHome?: string;
  } = {},
) {
  const userData = options.userData ?? mkdtempSync(join(tmpdir(), 'ct-app-'));
  const configHome = mkdtempSync(join(tmpdir(), 'ct-xdg-'));
  let engine: FakeEngine | undefined;
  const quit = vi.fn();
  const log = vi.fn();
  running = await startApp({
    createEngine: (engineOptions: EngineOptions) => {
      engine = new FakeEngine(engineOptions);
      return engine;
    },
    paths,
    userData,
    platform: 'linux',
    env: { XDG_CONFIG_HOME: configHome, ...options.env },
    execPath: '/opt/crosstrade/crosstrade-mcp-monitor',
    appVersion: '0.1.0',
    startHidden: options.startHidden ?? false,
    log,
    quit,
    // An installed app: launch at login registers only from one.
    packaged: true,
    ...(options.clientHome
      ? { clientEnvironment: { home: options.clientHome, platform: 'linux' as const } }
      : {}),
  });
  const win = electron.windows[0];
  win?.emit('ready-to-show');
  return { engine: engine!, userData, configHome, quit, log, win, tray: electron.trays[0]! };
}

/** What the window gets from main for `channel`, asked from the window's own frame. */
async function ask(channel: string, ...args: unknown[]): Promise<unknown> {
  const frame = electron.windows[0]!.webContents.mainFrame;
  return electron.invoke(channel, frame, ...args);
}

/** The AppState main answers the window with (the envelope unwrapped). */
async function windowState(): Promise<AppState> {
  const answer = (await ask('monitor:get-state')) as { ok: true; value: AppState };
  expect(answer.ok).toBe(true);
  return answer.value;
}

/** The tray menu's top-level labels. */
function trayLabels(tray: { menu?: { template: Array<{ label?: string }> } | null }): string[] {
  return (tray.menu?.template ?? []).map((item) => item.label ?? '');
}

function lastPush(): AppState & { notices: unknown[] } {
  const sent = electron.windows[0]!.webContents.sent.filter((m) => m.channel === 'monitor:state');
  return sent.at(-1)!.payload as AppState & { notices: unknown[] };
}

describe('the app composed around the engine', () => {
  beforeEach(() => electron.reset());
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('creates the engine from the settings and starts it, the tray and the window', async () => {
    const { engine, userData, tray, win } = await start();
    expect(engine.options).toMatchObject({
      serverUrl: DEFAULT_SETTINGS.mcpUrl,
      intervalSec: DEFAULT_SETTINGS.intervalSec,
      stateDir: join(userData, 'state'),
      clientName: 'CrossTrade MCP Monitor',
      clientVersion: '0.1.0',
    });
    expect(engine.start).toHaveBeenCalledTimes(1);
    expect(tray.image.path).toBe('/app/out/icons/tray/unknown-24.png');
    expect(win?.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
  });

  it('feeds the AI-client audit to the engine and the window, asking for a budgeted check', async () => {
    const { engine } = await start({ clientHome: 'tests/fixtures/homes/linux' });
    await vi.waitFor(() => expect(lastPush().aiClients?.length).toBeGreaterThan(0));
    const findings = engine.options?.clientFindings?.() ?? [];
    expect(findings.map((f) => f.client)).toContain('Claude Desktop');
    // The window can say where the audit looked when nothing is found.
    expect(lastPush().aiClientsSearched).toContain('~/.claude.json');
    // New findings ask the engine's budget for a check; they never force one.
    await vi.waitFor(() => expect(engine.requestCheck).toHaveBeenCalledTimes(1));
    expect(engine.checkNow).not.toHaveBeenCalled();
  });

  it('logs the AI-client audit at the level it asks for', async () => {
    const { log } = await start({ clientHome: 'tests/fixtures/homes/linux' });
    await vi.waitFor(() =>
      expect(log).toHaveBeenCalledWith('info', expect.stringMatching(/^AI-client audit: \d+ /)),
    );
    expect(log).not.toHaveBeenCalledWith('warn', 'info');
  });

  it('shows "Checking…" the moment Check now is clicked, before the AI-client rescan ends', async () => {
    const { engine, tray } = await start({ clientHome: 'tests/fixtures/homes/linux' });
    await vi.waitFor(() => expect(lastPush().aiClients?.length).toBeGreaterThan(0));
    engine.checkNow.mockClear();
    tray.clickMenuItem('Check now');
    const labels = () => tray.menu?.template.map((item) => item.label);
    expect(labels()).toContain('Checking…');
    expect(lastPush().checking).toBe(true);
    await vi.waitFor(() => expect(engine.checkNow).toHaveBeenCalled());
    await vi.waitFor(() => expect(labels()).toContain('Check now'));
  });

  it('re-scans the AI-client configs when Check now is clicked, before the check runs', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ct-home-'));
    cpSync('tests/fixtures/homes/linux', home, { recursive: true });
    watching.off = true;
    watching.stubbed = 0;
    try {
      const { engine, tray } = await start({ clientHome: home });
      await vi.waitFor(() => expect(lastPush().aiClients?.length).toBeGreaterThan(0));
      expect(watching.stubbed).toBeGreaterThan(0);
      const legacy = (findings: readonly ClientFinding[] | undefined) =>
        (findings ?? []).filter((f) => f.client === 'Cline' && /legacy/.test(f.problem));
      const cline = () => lastPush().aiClients?.find((c) => c.client === 'Cline');
      expect(legacy(engine.options?.clientFindings?.())).toEqual([]);
      expect(cline()?.status).toBe('ok');

      // Point Cline at the legacy host: only a rescan can see it, the watcher is off.
      const file = join(
        home,
        '.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      );
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'https://app.crosstrade.io/v1/api/mcp',
          'https://mcp.crosstrade.io/v1/api/mcp',
        ),
      );
      const seenByCheck: ClientFinding[][] = [];
      engine.checkNow.mockClear();
      engine.checkNow.mockImplementation(async () => {
        seenByCheck.push(engine.options?.clientFindings?.() ?? []);
        return engine.snapshot;
      });
      tray.clickMenuItem('Check now');
      await vi.waitFor(() => expect(engine.checkNow).toHaveBeenCalled());
      // The very first check after the click already reads the new findings.
      expect(legacy(seenByCheck[0])).toHaveLength(1);
      expect(cline()?.status).toBe('problem');
      expect(cline()?.entries[0]?.url).toBe('https://mcp.crosstrade.io/v1/api/mcp');
    } finally {
      watching.off = false;
    }
  });

  it('stays in the tray when launched at login', async () => {
    await start({ startHidden: true });
    expect(electron.windows).toHaveLength(0);
    expect(electron.trays).toHaveLength(1);
  });

  it('checks the simulator when the demo names its URL', async () => {
    const { engine } = await start({ env: { [MCP_URL_ENV]: 'http://127.0.0.1:4321/v1/api/mcp' } });
    expect(engine.options?.serverUrl).toBe('http://127.0.0.1:4321/v1/api/mcp');
  });

  it('pushes every new snapshot to the window and turns the tray red', async () => {
    const { engine, tray } = await start();
    engine.emitSnapshot(ADDON_DOWN);
    expect(lastPush().snapshot).toBe(ADDON_DOWN);
    expect(tray.image.path).toBe('/app/out/icons/tray/error-24.png');
    engine.emitSchedule({ checking: true });
    expect(lastPush().checking).toBe(true);
  });

  it('notifies once when the add-on disconnects, and the click opens the window on that problem', async () => {
    const { engine, win } = await start({ startHidden: true });
    expect(win).toBeUndefined();
    engine.emitTransition(transition(HEALTHY, ADDON_DOWN));
    expect(electron.notifications).toHaveLength(1);
    electron.notifications[0]!.emit('click');
    const opened = electron.windows[0]!;
    opened.emit('ready-to-show');
    expect(opened.show).toHaveBeenCalled();
    expect((await windowState()).focusProblem).toBe('addon_disconnected');
  });

  it('answers the window over IPC and drops a foreign sender', async () => {
    const { win, engine } = await start();
    const frame = win!.webContents.mainFrame;
    const state = await windowState();
    expect(state).toMatchObject({
      settings: DEFAULT_SETTINGS,
      secretStorage: 'encrypted',
      appVersion: '0.1.0',
    });
    await expect(
      electron.invoke('monitor:check-now', {
        url: 'https://evil.example/',
        processId: 1,
        routingId: 1,
      }),
    ).rejects.toThrow();
    expect(engine.checkNow).not.toHaveBeenCalled();
    await expect(electron.invoke('monitor:check-now', frame)).resolves.toEqual({
      ok: true,
      value: undefined,
    });
    expect(engine.checkNow).toHaveBeenCalledTimes(1);
  });

  it("answers the window with the handler's reason when something fails in main", async () => {
    const { engine } = await start();
    engine.report.mockRejectedValueOnce(new Error('The history file could not be read.'));
    await expect(ask('monitor:copy-diagnostics')).resolves.toEqual({
      ok: false,
      error: 'The history file could not be read.',
    });
    expect(electron.clipboard.writeText).not.toHaveBeenCalled();
    await expect(
      ask('monitor:set-settings', { mcpUrl: 'http://crosstrade.example/mcp' }),
    ).resolves.toEqual({
      ok: false,
      error: 'mcpUrl: The MCP URL must be an https:// URL (http:// only on this computer).',
    });
    expect((await windowState()).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('never puts a token in the state the window sees', async () => {
    const { engine, win } = await start();
    await engine.options!.tokenStore.save({
      tokens: { access_token: 'ct_at_secret_value_123456789' },
    });
    engine.emitSnapshot(HEALTHY);
    const state = await electron.invoke('monitor:get-state', win!.webContents.mainFrame);
    expect(JSON.stringify(state)).not.toContain('ct_at_secret_value_123456789');
    expect(JSON.stringify(win!.webContents.sent)).not.toContain('ct_at_secret_value_123456789');
  });

  it('hands where NinjaTrader runs and the trading hours to the engine, at start and on change', async () => {
    const { engine, win } = await start();
    expect(engine.options).toMatchObject({
      nt8Location: 'auto',
      tradingHours: DEFAULT_SETTINGS.tradingHours,
    });
    const hours = { ...DEFAULT_SETTINGS.tradingHours, onlyDuringHours: false };
    const result = await electron.invoke('monitor:set-settings', win!.webContents.mainFrame, {
      nt8Location: 'remote',
      tradingHours: hours,
    });
    expect(result).toMatchObject({ ok: true, value: { nt8Location: 'remote' } });
    expect(engine.configure).toHaveBeenCalledWith(
      expect.objectContaining({ nt8Location: 'remote', tradingHours: hours }),
    );
  });

  it('applies new settings to the engine and to launch at login', async () => {
    const { engine, win, configHome } = await start();
    const result = await electron.invoke('monitor:set-settings', win!.webContents.mainFrame, {
      intervalSec: 120,
      launchAtLogin: true,
      nt8LocalCheck: false,
    });
    expect(result).toMatchObject({ ok: true, value: { intervalSec: 120 } });
    expect(engine.configure).toHaveBeenCalledWith(
      expect.objectContaining({
        serverUrl: DEFAULT_SETTINGS.mcpUrl,
        intervalSec: 120,
        nt8ProcessCheck: expect.any(Function),
      }),
    );
    expect(lastPush().settings.intervalSec).toBe(120);
    await vi.waitFor(() =>
      expect(
        readFileSync(join(configHome, 'autostart', 'io.crosstrade.mcp-monitor.desktop'), 'utf8'),
      ).toContain('--hidden'),
    );
  });

  it('pauses notifications from the tray, keeps the pause across a restart, and resumes', async () => {
    const { engine, tray, userData } = await start({ startHidden: true });
    tray.clickMenuItem('For 1 hour');
    expect(trayLabels(tray)).toContainEqual(expect.stringMatching(/^Notifications paused until/));
    engine.emitTransition(transition(HEALTHY, ADDON_DOWN));
    expect(electron.notifications).toHaveLength(0);

    await running!.stop();
    electron.reset();
    const again = await start({ userData, startHidden: true });
    expect(trayLabels(again.tray)).toContainEqual(
      expect.stringMatching(/^Notifications paused until/),
    );
    again.engine.emitTransition(transition(HEALTHY, ADDON_DOWN));
    expect(electron.notifications).toHaveLength(0);
    again.tray.clickMenuItem('Resume notifications');
    expect(trayLabels(again.tray)).toContain('Pause notifications');
    again.engine.emitTransition(transition(HEALTHY, ADDON_DOWN));
    expect(electron.notifications).toHaveLength(1);
  });

  it('runs Check now, Sign in and Quit from the tray', async () => {
    const { engine, tray, quit } = await start();
    tray.clickMenuItem('Check now');
    expect(engine.checkNow).toHaveBeenCalledTimes(1);
    tray.clickMenuItem('Sign out');
    await vi.waitFor(() => expect(engine.signOut).toHaveBeenCalledTimes(1));
    tray.clickMenuItem('Quit');
    expect(quit).toHaveBeenCalledTimes(1);
  });

  it('copies the engine report to the clipboard', async () => {
    const { win } = await start();
    await expect(
      electron.invoke('monitor:copy-diagnostics', win!.webContents.mainFrame),
    ).resolves.toEqual({ ok: true, value: undefined });
    expect(electron.clipboard.writeText).toHaveBeenCalledWith(
      'CrossTrade MCP Monitor report\nlevel: ok',
    );
  });

  it('tells the window when its settings file was damaged', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'ct-app-'));
    writeFileSync(join(userData, 'settings.json'), '{"intervalSec": ');
    await start({ userData });
    expect((await windowState()).notices).toEqual([
      expect.objectContaining({ id: 'settings-corrupt', level: 'warning' }),
      // A first start of the installed app also offers launch at login (once).
      expect.objectContaining({ id: 'offer-launch-at-login', level: 'info' }),
    ]);
  });

  it('offers the opt-in where Linux has no keyring, and reports the storage to the window', async () => {
    electron.safeStorage.backend = 'basic_text';
    const { tray } = await start();
    expect((await windowState()).secretStorage).toBe('memory_only');
    tray.clickMenuItem('Remember sign-in without a keyring (unencrypted)');
    await vi.waitFor(() => expect(lastPush().secretStorage).toBe('basic_text'));
    const optIn = () =>
      tray.menu?.template.find((item) => item.label?.startsWith('Remember sign-in'));
    expect(optIn()).toMatchObject({ checked: true });
  });

  it('stops the engine, the tray and IPC on quit', async () => {
    const { engine, tray } = await start();
    const app = running!;
    running = undefined;
    await app.stop();
    expect(engine.stop).toHaveBeenCalledTimes(1);
    expect(tray.destroy).toHaveBeenCalled();
    expect(electron.handlers.size).toBe(0);
    expect(engine.listenerCount()).toBe(0);
  });
});
