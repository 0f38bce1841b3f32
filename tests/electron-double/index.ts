// One recording double of the `electron` module, for every test level. `module` is what main's
// `import … from 'electron'` gets; the rest are the test's handles: every window, tray and
// notification made, the switches a test flips (notifications supported, online, displays), and
// `reset()` to start over with the same objects (main's modules keep the ones they imported).
// shell/electron-mock.ts adds vi.fn spies for unit tests; e2e/electron-stand-in/ puts a Chromium
// page behind each window. tests/README.md lists what it models and what it does not.
import { EventEmitter } from 'node:events';
import { AppDouble } from './app';
import { ElectronEvent } from './events';
import {
  ClipboardDouble,
  Menu,
  nativeImage,
  NativeThemeDouble,
  NetDouble,
  NotificationDouble,
  SafeStorageDouble,
  ScreenDouble,
  ShellDouble,
  TrayDouble,
  type NativeImageDouble,
  type NotificationOptions,
  type Rect,
} from './desktop';
import {
  BrowserWindowDouble,
  IpcMainDouble,
  SessionDouble,
  type BrowserWindowOptions,
  type WebContentsDouble,
} from './web';

export { AppDouble } from './app';
export * from './desktop';
export * from './web';
export { ElectronEvent, emitCancellable } from './events';
export { createRendererSide, type MainWorld, type RendererSide } from './renderer';

export interface ElectronDoubleOptions<Contents extends WebContentsDouble> {
  /** Folder for the app's paths (appData, home, temp). */
  root: string;
  /** app.getVersion(). */
  version: string;
  /** app.isPackaged. */
  isPackaged: boolean;
  /** What a second instance passes to 'second-instance'. */
  argv?: string[];
  /** Whether app.dock exists (default: on macOS only, as in Electron). */
  dock?: boolean;
  /** Makes the default session, once and again on reset() (default: a SessionDouble). */
  session?: () => SessionDouble;
  /** Makes a window's webContents: a WebContentsDouble has no renderer, a subclass may. */
  webContents: (session: SessionDouble, options: BrowserWindowOptions) => Contents;
}

export function createElectronDouble<Contents extends WebContentsDouble>(
  options: ElectronDoubleOptions<Contents>,
) {
  const windows: Array<BrowserWindowDouble<Contents>> = [];
  const trays: TrayDouble[] = [];
  const notifications: NotificationDouble[] = [];
  let notificationsSupported = true;
  const newSession = options.session ?? (() => new SessionDouble());
  // Electron's `session` module; reset() gives it a new default session, as a new run would.
  const session = { defaultSession: newSession() };

  const app = new AppDouble({
    root: options.root,
    version: options.version,
    isPackaged: options.isPackaged,
    windows: () => windows,
    ...(options.argv ? { argv: options.argv } : {}),
    ...(options.dock !== undefined ? { dock: options.dock } : {}),
  });

  class BrowserWindow extends BrowserWindowDouble<Contents> {
    constructor(windowOptions: BrowserWindowOptions = {}) {
      super(windowOptions, options.webContents(session.defaultSession, windowOptions));
      windows.push(this);
      app.emit('web-contents-created', new ElectronEvent(), this.webContents);
      app.emit('browser-window-created', new ElectronEvent(), this);
    }

    static getAllWindows(): Array<BrowserWindowDouble<Contents>> {
      return windows.filter((win) => !win.isDestroyed());
    }

    static fromWebContents(contents: Contents): BrowserWindowDouble<Contents> | null {
      return windows.find((win) => win.webContents === contents) ?? null;
    }
  }

  class Tray extends TrayDouble {
    constructor(image: NativeImageDouble | string) {
      super(image);
      trays.push(this);
    }
  }

  class Notification extends NotificationDouble {
    constructor(notificationOptions: NotificationOptions = {}) {
      super(notificationOptions, notifications);
    }

    static isSupported(): boolean {
      return notificationsSupported;
    }
  }

  const ipcMain = new IpcMainDouble();
  const shell = new ShellDouble();
  const clipboard = new ClipboardDouble();
  const powerMonitor = new EventEmitter();
  const nativeTheme = new NativeThemeDouble();
  const net = new NetDouble();
  const safeStorage = new SafeStorageDouble();
  const screen = new ScreenDouble();

  const module = {
    app,
    BrowserWindow,
    ipcMain,
    Tray,
    // Per double, so spying on one never reaches another.
    Menu: { ...Menu },
    nativeImage: { ...nativeImage },
    Notification,
    shell,
    clipboard,
    powerMonitor,
    nativeTheme,
    net,
    safeStorage,
    screen,
    session,
  };

  return {
    module,
    ...module,
    /** Every window made, destroyed ones included, in order. */
    windows,
    trays,
    /** Every notification shown, in order. */
    notifications,
    setNotificationsSupported(flag: boolean): void {
      notificationsSupported = flag;
    },
    setOnline(flag: boolean): void {
      net.online = flag;
    },
    setWorkAreas(areas: Rect[]): void {
      screen.setWorkAreas(areas);
    },
    /** A fresh start on the same objects (readiness stays). */
    reset(): void {
      windows.length = 0;
      trays.length = 0;
      notifications.length = 0;
      notificationsSupported = true;
      net.online = true;
      net.fetched.length = 0;
      app.reset();
      session.defaultSession = newSession();
      ipcMain.reset();
      shell.reset();
      clipboard.reset();
      powerMonitor.removeAllListeners();
      nativeTheme.reset();
      nativeTheme.removeAllListeners();
      safeStorage.reset();
      screen.reset();
    },
  };
}
