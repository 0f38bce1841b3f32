import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MockEvent } from './electron-mock';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const engines = vi.hoisted(() => [] as Array<{ stop: () => Promise<void>; start: () => void }>);
vi.mock('../../electron/monitor/engine', async () => {
  const { FakeEngine } = await import('./fixtures');
  return {
    createEngine: () => {
      const engine = new FakeEngine();
      engines.push(engine);
      return engine;
    },
  };
});

// The real electron-updater would load the real electron package (which downloads its binary).
vi.mock('../../electron/updater-module', () => ({ loadUpdater: async () => undefined }));

async function launch(): Promise<void> {
  vi.resetModules();
  await import('../../electron/main');
  // Let whenReady's continuation (startApp) finish.
  await vi.waitFor(() =>
    expect(electron.trays.length + electron.app.quit.mock.calls.length).toBeGreaterThan(0),
  );
}

describe('main process lifecycle', () => {
  const originalEnv = process.env.CROSSTRADE_MONITOR_USER_DATA;
  beforeEach(() => {
    electron.reset();
    // Packaged: main logs to its file only, keeping the test output quiet.
    electron.app.isPackaged = true;
    engines.length = 0;
    process.env.CROSSTRADE_MONITOR_USER_DATA = mkdtempSync(join(tmpdir(), 'ct-main-'));
  });
  afterEach(() => {
    if (originalEnv === undefined) delete process.env.CROSSTRADE_MONITOR_USER_DATA;
    else process.env.CROSSTRADE_MONITOR_USER_DATA = originalEnv;
  });

  it('quits at once when another instance holds the lock', async () => {
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    await launch();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(engines).toHaveLength(0);
  });

  it('starts the engine, the tray and the window in its own profile folder', async () => {
    await launch();
    expect(electron.app.setPath).toHaveBeenCalledWith(
      'userData',
      process.env.CROSSTRADE_MONITOR_USER_DATA,
    );
    expect(engines).toHaveLength(1);
    expect(engines[0]!.start).toHaveBeenCalled();
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0]!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
    });
  });

  it('shows the window when a second instance is launched', async () => {
    await launch();
    const win = electron.windows[0]!;
    win.emit('ready-to-show');
    win.userClose();
    expect(win.isVisible()).toBe(false);
    electron.app.emit('second-instance');
    expect(win.isVisible()).toBe(true);
  });

  it('keeps running when every window is closed (a tray app)', async () => {
    await launch();
    expect(electron.app.listenerCount('window-all-closed')).toBe(1);
    electron.app.emit('window-all-closed');
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('hardens every web contents the app creates', async () => {
    await launch();
    const { MockWebContents, MockSession } = await import('./electron-mock');
    const contents = new MockWebContents(new MockSession());
    electron.app.emit('web-contents-created', new MockEvent(), contents);
    const navigation = new MockEvent();
    contents.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({
      action: 'deny',
    });
  });

  // main.ts reads process.platform; this test process stands in for each OS in turn.
  async function launchOn(platform: NodeJS.Platform): Promise<void> {
    const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...original, value: platform });
    try {
      await launch();
      electron.app.emit('will-quit', new MockEvent());
      await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    } finally {
      Object.defineProperty(process, 'platform', original);
    }
  }

  it('sets the AppUserModelID on Windows (notifications need it) and keeps the Dock alone', async () => {
    await launchOn('win32');
    expect(electron.app.setAppUserModelId).toHaveBeenCalledWith('io.crosstrade.mcp-monitor');
    expect(electron.app.dock.hide).not.toHaveBeenCalled();
  });

  it('hides the Dock icon on macOS, a menu-bar app', async () => {
    await launchOn('darwin');
    expect(electron.app.dock.hide).toHaveBeenCalledTimes(1);
    expect(electron.app.setAppUserModelId).not.toHaveBeenCalled();
  });

  it('does neither on Linux', async () => {
    await launchOn('linux');
    expect(electron.app.setAppUserModelId).not.toHaveBeenCalled();
    expect(electron.app.dock.hide).not.toHaveBeenCalled();
  });

  it('stops the engine before quitting, then quits for real', async () => {
    await launch();
    electron.app.emit('before-quit');
    const firstQuit = new MockEvent();
    electron.app.emit('will-quit', firstQuit);
    expect(firstQuit.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    expect(engines[0]!.stop).toHaveBeenCalledTimes(1);
    expect(electron.trays[0]!.destroyed).toBe(true);
    const secondQuit = new MockEvent();
    electron.app.emit('will-quit', secondQuit);
    expect(secondQuit.defaultPrevented).toBe(false);
  });
});
