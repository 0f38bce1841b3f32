// A test double of the `electron` module that drives real Chromium, for running the BUILT main
// bundle under Node (no Electron binary can be downloaded here, design.md §4). `module` is what
// the bundle's `require('electron')` returns (load-main.ts); everything else is for the test: the
// windows (Chromium pages), trays, notifications, URLs opened, and emitters to fire.
// tests/README.md lists what it implements and what it does not model.
import { EventEmitter } from 'node:events';
import type { Browser, BrowserContext } from 'playwright-core';
import { AppStandIn } from './app';
import type { NativeImageStandIn } from './desktop';
import {
  ClipboardStandIn,
  Menu,
  nativeImage,
  NativeThemeStandIn,
  NetStandIn,
  NotificationStandIn,
  SafeStorageStandIn,
  ScreenStandIn,
  ShellStandIn,
  TrayStandIn,
  type NotificationOptionsStandIn,
} from './desktop';
import {
  BrowserWindowStandIn,
  exposeIpc,
  FrameRegistry,
  IpcMainStandIn,
  SessionStandIn,
  type BrowserWindowOptionsStandIn,
  type StandInRuntime,
  type WebContentsStandIn,
} from './window';

export { StandInEvent } from './events';
export type { AppStandIn } from './app';
export type {
  MenuItemStandIn,
  NativeImageStandIn,
  NotificationStandIn,
  TrayStandIn,
} from './desktop';
export type {
  BrowserWindowStandIn,
  FrameStandIn,
  IpcCallRecord,
  PageProblem,
  WebContentsStandIn,
} from './window';
export { IPC_BINDING } from './page-preload';

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

export interface ElectronStandIn {
  /** What `require('electron')` returns to the built main bundle. */
  module: Record<string, unknown>;
  app: AppStandIn;
  ipcMain: IpcMainStandIn;
  session: SessionStandIn;
  shell: ShellStandIn;
  clipboard: ClipboardStandIn;
  powerMonitor: EventEmitter;
  nativeTheme: NativeThemeStandIn;
  net: NetStandIn;
  safeStorage: SafeStorageStandIn;
  screen: ScreenStandIn;
  /** The browser context every window's page lives in (Electron's default session). */
  context: BrowserContext;
  windows: BrowserWindowStandIn[];
  trays: TrayStandIn[];
  /** Every notification shown, in order. */
  notifications: NotificationStandIn[];
  /** Test control: whether Notification.isSupported() says yes. */
  setNotificationsSupported(flag: boolean): void;
  /** Closes every page, the browser context and the loopback servers. */
  close(): Promise<void>;
}

export async function createElectronStandIn(
  options: ElectronStandInOptions,
): Promise<ElectronStandIn> {
  const context = await options.browser.newContext({
    viewport: { width: 920, height: 700 },
    reducedMotion: 'reduce',
  });
  const session = new SessionStandIn();
  const ipcMain = new IpcMainStandIn();
  const windows: BrowserWindowStandIn[] = [];
  const trays: TrayStandIn[] = [];
  const notifications: NotificationStandIn[] = [];
  let notificationsSupported = true;

  const app = new AppStandIn({
    root: options.root,
    version: options.version,
    isPackaged: options.isPackaged ?? true,
    windows: () => windows,
    ...(options.argv ? { argv: options.argv } : {}),
  });
  const nativeTheme = new NativeThemeStandIn(() => {
    for (const win of windows) {
      void win.webContents.ready
        .then((page) => page.emulateMedia({ colorScheme: runtime.colorScheme() }))
        .catch(() => undefined);
    }
  });
  const runtime: StandInRuntime = {
    context,
    session,
    frames: new FrameRegistry((url) => session.mapUrl(url)),
    ipcMain,
    windows,
    emitApp: (name, ...args) => app.emit(name, ...args),
    colorScheme: () => (nativeTheme.shouldUseDarkColors ? 'dark' : 'light'),
  };
  await exposeIpc(runtime);

  class BrowserWindow extends BrowserWindowStandIn {
    constructor(windowOptions: BrowserWindowOptionsStandIn = {}) {
      super(runtime, windowOptions);
    }

    static getAllWindows(): BrowserWindowStandIn[] {
      return windows.filter((win) => !win.isDestroyed());
    }

    static fromWebContents(contents: WebContentsStandIn): BrowserWindowStandIn | null {
      return windows.find((win) => win.webContents === contents) ?? null;
    }
  }

  class Tray extends TrayStandIn {
    constructor(image: NativeImageStandIn | string) {
      super(image, trays);
    }
  }

  class Notification extends NotificationStandIn {
    constructor(notificationOptions: NotificationOptionsStandIn = {}) {
      super(notificationOptions, notifications);
    }

    static isSupported(): boolean {
      return notificationsSupported;
    }
  }

  const shell = new ShellStandIn();
  const clipboard = new ClipboardStandIn();
  const powerMonitor = new EventEmitter();
  const net = new NetStandIn();
  const safeStorage = new SafeStorageStandIn();
  const screen = new ScreenStandIn();

  const module: Record<string, unknown> = {
    app,
    BrowserWindow,
    ipcMain,
    Tray,
    Menu,
    nativeImage,
    Notification,
    shell,
    clipboard,
    powerMonitor,
    nativeTheme,
    net,
    safeStorage,
    screen,
    session: { defaultSession: session },
  };

  return {
    module,
    app,
    ipcMain,
    session,
    shell,
    clipboard,
    powerMonitor,
    nativeTheme,
    net,
    safeStorage,
    screen,
    context,
    windows,
    trays,
    notifications,
    setNotificationsSupported(flag: boolean) {
      notificationsSupported = flag;
    },
    async close() {
      await context.close().catch(() => undefined);
      await session.close();
    },
  };
}
