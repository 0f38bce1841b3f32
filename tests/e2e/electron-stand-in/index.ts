// The `electron` module for running the BUILT main bundle under Node (no Electron binary can be
// downloaded here): the shared recording double (tests/electron-double/) with a real Chromium
// page behind each window (window.ts). `module` is what the bundle's `require('electron')`
// returns (load-main.ts); everything else is for the test: the windows, trays, notifications,
// URLs opened, and emitters to fire. tests/README.md lists what it models and what it does not.
import type { Browser } from 'playwright-core';
import {
  createElectronDouble,
  type BrowserWindowDouble,
  type TrayDouble,
} from '../../electron-double/index';
import {
  exposeIpc,
  FrameRegistry,
  PageWebContents,
  ServedSession,
  type PageRuntime,
} from './window';

export { ElectronEvent as StandInEvent } from '../../electron-double/index';
export type {
  AppDouble as AppStandIn,
  IpcCallRecord,
  MenuItemDouble as MenuItemStandIn,
  NativeImageDouble as NativeImageStandIn,
  NotificationDouble as NotificationStandIn,
} from '../../electron-double/index';
export type { FrameStandIn, PageProblem } from './window';
export { IPC_BINDING } from './page-preload';
export type TrayStandIn = TrayDouble;
export type WebContentsStandIn = PageWebContents;
export type BrowserWindowStandIn = BrowserWindowDouble<PageWebContents>;

export interface ElectronStandInOptions {
  browser: Browser;
  /** Folder for the app's paths (appData, home, temp). */
  root: string;
  /** app.getVersion(). */
  version: string;
  /**
   * app.isPackaged. Default true: these are the bundles `npm run dist` packages, and main then
   * keeps its log out of the console (it is still written to <userData>/logs/main.log).
   */
  isPackaged?: boolean;
  /** What a second instance passes to 'second-instance'. */
  argv?: string[];
}

export async function createElectronStandIn(options: ElectronStandInOptions) {
  const context = await options.browser.newContext({
    viewport: { width: 920, height: 700 },
    reducedMotion: 'reduce',
  });
  const session = new ServedSession();
  const double = createElectronDouble({
    root: options.root,
    version: options.version,
    isPackaged: options.isPackaged ?? true,
    ...(options.argv ? { argv: options.argv } : {}),
    session: () => session,
    webContents: (_session, windowOptions) => new PageWebContents(runtime, windowOptions),
  });
  const runtime: PageRuntime = {
    context,
    session,
    frames: new FrameRegistry((url) => session.mapUrl(url)),
    ipcMain: double.ipcMain,
    windows: double.windows,
    colorScheme: () => (double.nativeTheme.shouldUseDarkColors ? 'dark' : 'light'),
  };
  // The pages follow the theme (prefers-color-scheme).
  double.nativeTheme.on('updated', () => {
    for (const win of double.windows) {
      void win.webContents.ready
        .then((page) => page.emulateMedia({ colorScheme: runtime.colorScheme() }))
        .catch(() => undefined);
    }
  });
  await exposeIpc(runtime);

  return {
    ...double,
    /** The default session, with the loopback servers and what they served. */
    session,
    /** The browser context every window's page lives in (Electron's default session). */
    context,
    /** Closes every page, the browser context and the loopback servers. */
    async close(): Promise<void> {
      await context.close().catch(() => undefined);
      await session.close();
    },
  };
}

export type ElectronStandIn = Awaited<ReturnType<typeof createElectronStandIn>>;
