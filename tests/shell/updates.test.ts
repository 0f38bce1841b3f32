// The update wiring in the composed app: the mocked electron, and a stand-in for
// electron-updater's autoUpdater that emits its real event names.
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../shared/ipc';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { EngineOptions } from '../../electron/monitor/engine-types';
import { appPaths } from '../../electron/paths';
import { FakeEngine } from './fixtures';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { startApp, DEMO_ENV } = await import('../../electron/app-root');
type RunningApp = Awaited<ReturnType<typeof startApp>>;

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  checkForUpdates = vi.fn(async () => undefined);
  quitAndInstall = vi.fn();
}

let running: RunningApp | undefined;

async function start(options: { env?: NodeJS.ProcessEnv; settings?: object } = {}) {
  const userData = mkdtempSync(join(tmpdir(), 'ct-updates-'));
  if (options.settings) {
    writeFileSync(
      join(userData, 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }),
    );
  }
  const updater = new FakeUpdater();
  running = await startApp({
    createEngine: (engineOptions: EngineOptions) => new FakeEngine(engineOptions),
    paths: appPaths('/app/out/main'),
    userData,
    platform: 'linux',
    env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'ct-xdg-')), ...options.env },
    execPath: '/opt/crosstrade/crosstrade-mcp-monitor',
    appVersion: '1.0.0',
    startHidden: false,
    log: vi.fn(),
    quit: vi.fn(),
    packaged: true,
    updater,
  });
  return { updater, tray: electron.trays[0]! };
}

function trayItem(label: string) {
  return electron.trays[0]!.menu?.items.find((item) => item.label === label);
}

function lastPush(): AppState {
  const sent = electron.windows[0]!.webContents.sent.filter((m) => m.channel === 'monitor:state');
  return sent.at(-1)!.payload as AppState;
}

/** What the window reads when it asks main for the state. */
async function windowState(): Promise<AppState> {
  const frame = electron.windows[0]!.webContents.mainFrame;
  const answer = (await electron.invoke('monitor:get-state', frame)) as { value: AppState };
  return answer.value;
}

describe('updates in the app', () => {
  beforeEach(() => electron.reset());
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('checks at start, downloads in the background, and restarts only on the click', async () => {
    const { updater } = await start();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.autoDownload).toBe(true);

    updater.emit('checking-for-update');
    updater.emit('update-available', { version: '1.2.3' });
    expect(trayItem('Restart to install v1.2.3')).toBeUndefined();
    updater.emit('update-downloaded', { version: '1.2.3' });

    expect(lastPush().update).toEqual({
      restartLabel: 'Restart to install v1.2.3',
      statusLine: 'Version 1.2.3 is ready to install.',
    });
    const item = trayItem('Restart to install v1.2.3');
    expect(item).toBeDefined();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    item!.click();
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('installs from the window only once an update is downloaded', async () => {
    const { updater } = await start();
    const frame = electron.windows[0]!.webContents.mainFrame;
    expect(await electron.invoke('monitor:install-update', frame)).toEqual({
      ok: false,
      error: 'No update is ready to install.',
    });
    updater.emit('update-downloaded', { version: '2.0.0' });
    expect(await electron.invoke('monitor:install-update', frame)).toMatchObject({ ok: true });
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('checks again every 6 hours', async () => {
    vi.useFakeTimers();
    try {
      const { updater } = await start();
      await vi.advanceTimersByTimeAsync(6 * 60 * 60 * 1000 - 1);
      expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never checks when the setting is off, and starts when it is turned on', async () => {
    const { updater } = await start({ settings: { checkForUpdates: false } });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    const answer = (await electron.invoke(
      'monitor:set-settings',
      electron.windows[0]!.webContents.mainFrame,
      { checkForUpdates: true },
    )) as { ok: boolean };
    expect(answer.ok).toBe(true);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('starts the app even when the updater throws on its first check', async () => {
    const log = vi.fn();
    const updater = new FakeUpdater();
    updater.checkForUpdates.mockImplementation(() => {
      throw new Error('Cannot read app-update.yml');
    });
    running = await startApp({
      createEngine: (engineOptions: EngineOptions) => new FakeEngine(engineOptions),
      paths: appPaths('/app/out/main'),
      userData: mkdtempSync(join(tmpdir(), 'ct-updates-')),
      platform: 'linux',
      env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'ct-xdg-')) },
      execPath: '/opt/crosstrade/crosstrade-mcp-monitor',
      appVersion: '1.0.0',
      startHidden: true,
      log,
      quit: vi.fn(),
      packaged: true,
      updater,
    });
    expect(electron.trays).toHaveLength(1);
    await vi.waitFor(() =>
      expect(log).toHaveBeenCalledWith(
        'warn',
        'Could not check for updates; the next check is in 6 hours.',
      ),
    );
  });

  it('never checks in the demo', async () => {
    const { updater } = await start({ env: { [DEMO_ENV]: '1' } });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('says nothing about a failed check while offline', async () => {
    const { updater } = await start();
    electron.setOnline(false);
    updater.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
    expect((await windowState()).update?.statusLine ?? '').toBe('');
    electron.setOnline(true);
    updater.emit('error', new Error('HttpError: 404 latest-linux.yml not found'));
    expect((await windowState()).update?.statusLine).toMatch(/^Could not check for updates/);
    expect(lastPush().update?.statusLine).toMatch(/^Could not check for updates/);
  });
});

describe('first-run tips in the window', () => {
  beforeEach(() => electron.reset());
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  async function startWindows11(userData: string) {
    running = await startApp({
      createEngine: (engineOptions: EngineOptions) => new FakeEngine(engineOptions),
      paths: appPaths('/app/out/main'),
      userData,
      platform: 'win32',
      env: {},
      execPath: 'C:\\Users\\t\\AppData\\Local\\Programs\\crosstrade\\crosstrade-mcp-monitor.exe',
      appVersion: '1.0.0',
      startHidden: false,
      log: vi.fn(),
      quit: vi.fn(),
      packaged: true,
      osRelease: '10.0.22631',
    });
    const frame = electron.windows[0]!.webContents.mainFrame;
    const answer = (await electron.invoke('monitor:get-state', frame)) as { value: AppState };
    return (answer.value.notices ?? []).map((notice) => notice.id);
  }

  it('offers launch at login and the Windows 11 pin tip once, not on the next start', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'ct-first-run-'));
    expect(await startWindows11(userData)).toEqual(['offer-launch-at-login', 'pin-tray-icon']);
    await running!.stop();
    electron.reset();
    expect(await startWindows11(userData)).toEqual([]);
  });
});
