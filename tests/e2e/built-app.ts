// Launches the BUILT app (out/main/main.cjs + preload.cjs + renderer + icons, the bundles
// `npm run dist` packages) on the electron stand-in against a given MCP URL, with a fresh profile,
// and offers what the scenario tests do as the user: click the tray, complete a consent in "the
// browser", run a check and wait for it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { vi } from 'vitest';
import type { Level } from '../../shared/health';
import { trayIconFile } from '../../electron/policy/tray-icon';
import {
  createElectronStandIn,
  type BrowserWindowStandIn,
  type ElectronStandIn,
  type TrayStandIn,
} from './electron-stand-in/index';
import { loadBuiltMain } from './electron-stand-in/load-main';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/**
 * The build under test: out/ (what `npm run build` makes and `npm run dist` packages), or another
 * folder of the same shape named by CROSSTRADE_E2E_OUT (an extracted app.asar's out/, a copy
 * broken on purpose to see the tests fail).
 */
export const OUT_DIR = resolve(process.env.CROSSTRADE_E2E_OUT ?? join(REPO_ROOT, 'out'));
export const MAIN_BUNDLE = join(OUT_DIR, 'main', 'main.cjs');

/** Fails with one clear sentence when `npm run build` has not run. */
export function assertBuilt(outDir = OUT_DIR): void {
  const missing = [
    join(outDir, 'main', 'main.cjs'),
    join(outDir, 'main', 'preload.cjs'),
    join(outDir, 'renderer', 'index.html'),
    join(outDir, 'icons'),
  ].filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The end-to-end tests run the built app; run "npm run build" first (missing: ${missing.join(', ')}).`,
    );
  }
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export interface LaunchOptions {
  browser: Browser;
  /** CROSSTRADE_MCP_URL: the simulator. */
  mcpUrl: string;
  /** An existing profile folder (a second instance); default a fresh one. */
  profile?: string;
  /** Another build of main (e.g. a deliberately broken copy); default out/main/main.cjs. */
  mainBundle?: string;
  /** Wait for the tray (the shell started); false for an instance expected to quit at once. */
  waitForTray?: boolean;
}

export interface BuiltApp {
  electron: ElectronStandIn;
  profile: string;
  /** The one tray icon. */
  tray(): TrayStandIn;
  /** The app's window (created on first open). */
  window(): BrowserWindowStandIn;
  /** The window's Chromium page. */
  page(): Promise<Page>;
  /** <profile>/logs/main.log so far. */
  log(): string;
  /** app.quit() (what the tray's Quit does); resolves once the app has exited. */
  quit(): Promise<void>;
  /** Quits if still running, then closes the pages, restores the environment, removes the files. */
  dispose(): Promise<void>;
}

const ENV_KEYS = [
  'CROSSTRADE_MCP_URL',
  'CROSSTRADE_MONITOR_USER_DATA',
  'CROSSTRADE_MONITOR_DEBUG',
  'XDG_CONFIG_HOME',
] as const;

export async function launchBuiltApp(options: LaunchOptions): Promise<BuiltApp> {
  const mainBundle = options.mainBundle ?? MAIN_BUNDLE;
  const root = mkdtempSync(join(tmpdir(), 'crosstrade-e2e-'));
  const profile = options.profile ?? join(root, 'profile');
  const electron = await createElectronStandIn({
    browser: options.browser,
    root,
    version: packageVersion(),
  });

  // main and the shell read these from process.env (the shell keeps reading XDG_CONFIG_HOME for
  // launch at login), so they stay set until this app quits.
  const saved = new Map(ENV_KEYS.map((key) => [key, process.env[key]]));
  process.env.CROSSTRADE_MCP_URL = options.mcpUrl;
  process.env.CROSSTRADE_MONITOR_USER_DATA = profile;
  process.env.CROSSTRADE_MONITOR_DEBUG = '1';
  process.env.XDG_CONFIG_HOME = join(root, 'xdg-config');
  const restoreEnv = () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  const logFile = join(profile, 'logs', 'main.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    await electron.close();
    restoreEnv();
    // A second instance shares the first one's profile: only remove what this launch made.
    rmSync(root, { recursive: true, force: true });
  };

  try {
    loadBuiltMain(mainBundle, electron.module);
    electron.app.markReady();
    if (options.waitForTray ?? true) {
      await vi.waitFor(
        () => {
          if (electron.app.exitCode !== undefined) return;
          if (electron.trays.length === 0) throw new Error('no tray yet');
        },
        { timeout: 20_000, interval: 20 },
      );
      if (electron.app.exitCode !== undefined) {
        throw new Error(`The app exited (${electron.app.exitCode}) while starting:\n${log()}`);
      }
    }
  } catch (error) {
    const logged = log();
    await cleanUp();
    if (error instanceof Error && logged && !error.message.includes(logged)) {
      error.message += `\nmain.log:\n${logged}`;
    }
    throw error;
  }

  const quit = async (): Promise<void> => {
    if (electron.app.exitCode !== undefined) return;
    electron.app.quit();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      electron.app.exited,
      new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`The app did not quit:\n${log()}`)), 15_000);
      }),
    ]).finally(() => clearTimeout(timer));
  };

  return {
    electron,
    profile,
    tray() {
      const tray = electron.trays[0];
      if (!tray) throw new Error('The app made no tray icon.');
      return tray;
    },
    window() {
      const win = electron.windows[0];
      if (!win) throw new Error('The app has made no window yet.');
      return win;
    },
    page() {
      const win = electron.windows[0];
      if (!win) return Promise.reject(new Error('The app has made no window yet.'));
      return win.webContents.whenPage();
    },
    log,
    quit,
    async dispose() {
      try {
        await quit();
      } finally {
        await cleanUp();
      }
    },
  };
}

// ── What the user does ──────────────────────────────────────────────────────

/** The tray icon's file for a level on this platform (out/icons/tray/…). */
export function trayIconFor(level: Level): string {
  return trayIconFile(level, process.platform);
}

/** The level the tray icon shows, read from its file name. */
export function trayLevel(tray: TrayStandIn): Level | undefined {
  const file = basename(tray.image.path);
  return (['ok', 'warning', 'error', 'unknown'] as const).find(
    (level) => trayIconFor(level) === file,
  );
}

export async function waitForTrayLevel(app: BuiltApp, level: Level): Promise<void> {
  await vi.waitFor(
    () => {
      const tray = app.tray();
      if (trayLevel(tray) !== level) {
        throw new Error(`tray shows ${tray.image.path} (${tray.tooltip}), not ${level}`);
      }
    },
    { timeout: 20_000, interval: 25 },
  );
}

/**
 * Clicks the tray's "Check now" and waits for that check to finish: the item reads "Checking…"
 * (disabled) while a check runs and "Check now" again once its snapshot is out.
 */
export async function checkNowFromTray(app: BuiltApp): Promise<void> {
  const ready = () => {
    const item = app.tray().menuItem('Check now');
    if (!item?.enabled) throw new Error(`no "Check now": ${app.tray().menuLabels().join(' | ')}`);
  };
  await vi.waitFor(ready, { timeout: 20_000, interval: 25 });
  app.tray().clickMenuItem('Check now');
  if (app.tray().menuItem('Checking…') === undefined) {
    throw new Error('"Check now" did not start a check.');
  }
  await vi.waitFor(ready, { timeout: 20_000, interval: 25 });
}

export interface ConsentResult {
  /** The page our loopback callback answered with. */
  status: number;
  body: string;
  /** Every URL visited, authorize first, callback last. */
  hops: string[];
}

/**
 * What the trader's browser does with the authorization URL the app opened: load it (the
 * simulator consents at once and redirects), follow the redirect to the app's loopback callback,
 * and show the page it answers with. Only loopback URLs are followed.
 */
export async function consentInBrowser(authorizeUrl: string): Promise<ConsentResult> {
  const hops: string[] = [];
  let url = authorizeUrl;
  for (let hop = 0; hop < 5; hop++) {
    const parsed = new URL(url);
    if (parsed.hostname !== '127.0.0.1' && parsed.hostname !== 'localhost') {
      throw new Error(`The test browser only visits loopback URLs, not ${url}`);
    }
    hops.push(url);
    const response = await fetch(url, { redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      url = new URL(location, url).href;
      continue;
    }
    return { status: response.status, body: await response.text(), hops };
  }
  throw new Error(`Too many redirects from ${authorizeUrl}`);
}

/** Makes the stand-in's "system browser" consent to every sign-in; returns the visits so far. */
export function browserThatConsents(app: BuiltApp): ConsentResult[] {
  const visits: ConsentResult[] = [];
  app.electron.shell.setBrowser(async (url) => {
    visits.push(await consentInBrowser(url));
  });
  return visits;
}
