// The wiring only a run of the whole built app proves: the window runs the built renderer under
// the CSP main sends, with exactly the bridge the built preload exposes; every bridge method
// reaches its handler in main and state comes back on the push channel; IPC from any frame but
// the window's main frame is dropped; navigation away is blocked; a second launch shows the
// first app's window. The app runs on the electron stand-in against a healthy simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  secureWebPreferences,
} from '../../electron/policy/window-options';
import { CATALOG } from '../../shared/catalog';
import { DOCS_URL } from '../../shared/crosstrade';
import {
  INVOKE_CHANNELS,
  INVOKE_METHODS,
  PUSH_METHODS,
  type AppState,
  type IpcResult,
  type MonitorBridge,
} from '../../shared/ipc';
import { startSimulator, type Simulator } from '../../simulator/index';
import { describeBrowser, launchChromium } from '../helpers/browser';
import {
  assertBuilt,
  browserThatConsents,
  launchBuiltApp,
  OUT_DIR,
  type BuiltApp,
} from './built-app';
import { IPC_BINDING } from './electron-stand-in/index';
import { preloadInitScript } from './electron-stand-in/page-preload';

const RENDERER_FILE_URL = new URL(`file://${join(OUT_DIR, 'renderer', 'index.html')}`).href;

function savedSettings(app: BuiltApp): Record<string, unknown> {
  return JSON.parse(readFileSync(join(app.profile, 'settings.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

describeBrowser('the wiring between the built main, preload and window', () => {
  let browser: Browser;
  let sim: Simulator;
  let app: BuiltApp;
  let page: Page;

  beforeAll(async () => {
    assertBuilt();
    sim = await startSimulator();
    browser = await launchChromium();
    app = await launchBuiltApp({ browser, mcpUrl: sim.url });
    page = await app.page();
    await page.getByRole('region', { name: CATALOG.signed_out.title }).waitFor();
  });

  afterAll(async () => {
    await app?.dispose();
    await browser?.close();
    await sim?.close();
  });

  it('loads the built renderer with the built preload, hardened, under the CSP main sends', async () => {
    const win = app.window();
    expect(win.options.webPreferences).toEqual(
      secureWebPreferences(join(OUT_DIR, 'main', 'preload.cjs')),
    );
    expect(win.webContents.mainFrame.url).toBe(RENDERER_FILE_URL);
    const served = app.electron.session.served();
    expect(served.filter((request) => request.status !== 200)).toEqual([]);
    const documents = served.filter((request) => request.path === '/index.html');
    expect(documents).toHaveLength(1);
    expect(documents[0]?.headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);

    const exposed = await page.evaluate((binding) => {
      const scope = globalThis as unknown as Record<string, unknown>;
      const monitor = scope.monitor as Record<string, unknown>;
      return {
        keys: Object.keys(monitor).sort(),
        functions: Object.values(monitor).every((value) => typeof value === 'function'),
        frozen: Object.isFrozen(monitor),
        leaked: ['require', 'process', 'ipcRenderer', 'electron', binding].filter(
          (name) => name in scope,
        ),
      };
    }, IPC_BINDING);
    expect(exposed).toEqual({
      keys: [...INVOKE_METHODS, ...PUSH_METHODS].sort(),
      functions: true,
      frozen: true,
      leaked: [],
    });
  });

  it('every bridge method reaches its handler in main, and state comes back on the push channel', async () => {
    const consents = browserThatConsents(app);
    const results = await page.evaluate(async () => {
      const { monitor } = globalThis as unknown as { monitor: MonitorBridge };
      /** Resolves true when main pushes a state that passes `test` (false after 5 s). */
      const pushed = (test: (state: AppState) => boolean) =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            off();
            resolve(false);
          }, 5000);
          const off = monitor.onState((state) => {
            if (!test(state)) return;
            clearTimeout(timer);
            off();
            resolve(true);
          });
        });
      /** The value of a successful answer. */
      const value = <T>(answer: IpcResult<T>): T => {
        if (!answer.ok) throw new Error(`main answered with an error: ${answer.error}`);
        return answer.value;
      };
      const state = value(await monitor.getState());
      const settings = value(await monitor.getSettings());
      const changed = value(await monitor.setSettings({ intervalSec: 120 }));
      // Main validates every request: an out-of-range patch never reaches the settings, and
      // the window gets the reason in the envelope.
      const refused = await monitor.setSettings({ intervalSec: 1 });
      const paused = pushed((next) => next.notificationsPausedUntil !== undefined);
      await monitor.pauseNotifications({ minutes: 60 });
      const pausedPushed = await paused;
      const resumed = pushed((next) => next.notificationsPausedUntil === undefined);
      await monitor.resumeNotifications();
      const resumedPushed = await resumed;
      const opened = await monitor.openExternal('docs');
      const copied = await monitor.copyDiagnostics();
      await monitor.checkNow();
      const signedIn = await monitor.signIn();
      const signedOut = await monitor.signOut();
      // No update was downloaded (no release feed here): main refuses with its reason.
      const installRefused = await monitor.installUpdate();
      return {
        level: state.snapshot.level,
        interval: settings.intervalSec,
        changed: changed.intervalSec,
        refused,
        pausedPushed,
        resumedPushed,
        opened,
        copied,
        signedIn,
        signedOut,
        installRefused,
      };
    });
    expect(results).toEqual({
      level: 'unknown',
      interval: 30,
      changed: 120,
      refused: { ok: false, error: expect.stringMatching(/^intervalSec: Too small/) },
      pausedPushed: true,
      resumedPushed: true,
      opened: { ok: true, value: undefined },
      copied: { ok: true, value: undefined },
      signedIn: { ok: true, value: undefined },
      signedOut: { ok: true, value: undefined },
      installRefused: { ok: false, error: 'No update is ready to install.' },
    });

    const answered = app.electron.ipcMain.calls.filter(
      (call) =>
        call.outcome === 'answered' && call.mainFrame && call.senderUrl === RENDERER_FILE_URL,
    );
    expect(new Set(answered.map((call) => call.channel))).toEqual(new Set(INVOKE_CHANNELS));
    expect(savedSettings(app).intervalSec).toBe(120);
    expect(app.electron.shell.opened).toContain(DOCS_URL);
    expect(app.electron.clipboard.text).toContain('CrossTrade');
    expect(consents).toHaveLength(1);
    expect(sim.stats().tokens.issued).toBe(1);
    expect(sim.stats().tokens.revoked).toBeGreaterThan(0);
  });

  it('drops IPC from a frame inside the window that is not its main frame', async () => {
    const before = app.electron.ipcMain.calls.length;
    const outcomes = await page.evaluate(async (binding) => {
      // What a script in the window could do: add a frame of its own (srcdoc passes the CSP).
      type Invoke = (channel: string, args: unknown[]) => Promise<unknown>;
      interface FrameElement {
        srcdoc: string;
        contentWindow: Record<string, Invoke | undefined>;
        addEventListener(type: 'load', listener: () => void): void;
        remove(): void;
      }
      const doc = (
        globalThis as unknown as {
          document: {
            createElement(tag: 'iframe'): FrameElement;
            body: { append(node: FrameElement): void };
          };
        }
      ).document;
      const frame = doc.createElement('iframe');
      frame.srcdoc = '<p>not the monitor</p>';
      const loaded = new Promise<void>((resolve) => frame.addEventListener('load', resolve));
      doc.body.append(frame);
      await loaded;
      const call = frame.contentWindow[binding];
      if (!call) throw new Error('the frame has no IPC binding');
      const attempts: Array<[string, unknown[]]> = [
        ['monitor:get-state', []],
        ['monitor:set-settings', [{ intervalSec: 300 }]],
        ['monitor:open-external', ['docs']],
      ];
      const seen: Array<{ channel: string; answer?: unknown; error?: string }> = [];
      for (const [channel, args] of attempts) {
        try {
          seen.push({ channel, answer: await call(channel, args) });
        } catch (error) {
          seen.push({ channel, error: error instanceof Error ? error.message : String(error) });
        }
      }
      frame.remove();
      return seen;
    }, IPC_BINDING);

    expect(outcomes.map((outcome) => outcome.channel)).toEqual([
      'monitor:get-state',
      'monitor:set-settings',
      'monitor:open-external',
    ]);
    for (const outcome of outcomes) {
      expect(outcome.answer).toBeUndefined();
      expect(outcome.error).toMatch(
        /UntrustedSenderError: Dropped monitor:[a-z-]+: the sender is not the monitor window/,
      );
    }
    const reached = app.electron.ipcMain.calls.slice(before);
    expect(reached.map((call) => [call.senderUrl, call.mainFrame, call.outcome])).toEqual([
      ['about:srcdoc', false, 'rejected'],
      ['about:srcdoc', false, 'rejected'],
      ['about:srcdoc', false, 'rejected'],
    ]);
    // No effect: settings unchanged, nothing opened.
    expect(savedSettings(app).intervalSec).toBe(120);
    expect(app.electron.shell.opened.filter((url) => url === DOCS_URL)).toHaveLength(1);
    expect(app.log()).toContain(
      'Dropped IPC monitor:set-settings from an untrusted sender (about:srcdoc).',
    );
  });

  it('drops IPC from another page showing the very same renderer file, preload and all', async () => {
    const before = app.electron.ipcMain.calls.length;
    // A page main did not create, in the same session, with the same preload and document: only
    // the frame's identity tells it apart from the window.
    const foreign = await app.electron.context.newPage();
    try {
      const preload = join(OUT_DIR, 'main', 'preload.cjs');
      await foreign.addInitScript({
        content: preloadInitScript({ path: preload, source: readFileSync(preload, 'utf8') }),
      });
      await foreign.goto(page.url());
      const failed = foreign.getByRole('alert').filter({ hasText: 'The monitor is not answering' });
      await failed.waitFor();
      const reached = app.electron.ipcMain.calls.slice(before);
      expect(reached.length).toBeGreaterThan(0);
      for (const call of reached) {
        expect(call).toMatchObject({
          senderUrl: RENDERER_FILE_URL,
          mainFrame: true,
          outcome: 'rejected',
        });
      }
    } finally {
      await foreign.close();
    }
    // The window itself still works.
    expect(
      await page.evaluate(async () => {
        const { monitor } = globalThis as unknown as { monitor: MonitorBridge };
        const answer = await monitor.getSettings();
        return answer.ok ? answer.value.intervalSec : answer.error;
      }),
    ).toBe(120);
  });

  it('keeps the window on the renderer: navigation away is blocked by main', async () => {
    const target = 'https://example.invalid/phish';
    await page.evaluate((url) => {
      (globalThis as unknown as { location: { href: string } }).location.href = url;
    }, target);
    await vi.waitFor(() => expect(app.window().webContents.blockedNavigations).toContain(target));
    expect(app.window().webContents.mainFrame.url).toBe(RENDERER_FILE_URL);
    expect(app.log()).toContain(`Blocked navigation to ${target}.`);
    await page.getByRole('region', { name: CATALOG.signed_out.title }).waitFor();
  });

  it("a second launch shows the running app's window and quits", async () => {
    app.window().close();
    expect(app.window().isVisible()).toBe(false);
    const second = await launchBuiltApp({
      browser,
      mcpUrl: sim.url,
      profile: app.profile,
      waitForTray: false,
    });
    try {
      expect(await second.electron.app.exited).toBe(0);
      expect(second.electron.trays).toEqual([]);
      expect(second.electron.windows).toEqual([]);
      await vi.waitFor(() => expect(app.window().isVisible()).toBe(true));
      expect(app.electron.windows).toHaveLength(1);
    } finally {
      await second.dispose();
    }
  });

  it('the window logged no CSP violation or console error', () => {
    expect(app.window().webContents.problems).toEqual([]);
  });
});
