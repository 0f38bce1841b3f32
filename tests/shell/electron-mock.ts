// The `electron` module for unit tests: the shared recording double (tests/electron-double/) with
// vi.fn spies on the methods tests assert calls to (each still runs the double). No renderer:
// a window's 'ready-to-show' is the test's to emit, and `invoke()` calls main's handler directly.
// Use it through vi.hoisted so vi.mock's factory can return it:
//   const electron = await vi.hoisted(async () => (await import('./electron-mock')).createElectronMock());
//   vi.mock('electron', () => electron);
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi, type Mock } from 'vitest';
import {
  createElectronDouble,
  type AppDouble,
  createRendererSide,
  SessionDouble,
  WebContentsDouble,
  type BrowserWindowOptions,
  type FrameDouble,
  type MenuItemTemplate,
  type NativeImageDouble,
  type NotificationOptions,
} from '../electron-double/index';

export { ElectronEvent as MockEvent } from '../electron-double/index';
export type MockFrame = FrameDouble;
export type MenuTemplateItem = MenuItemTemplate;

type Spied<T, K extends keyof T> = T & {
  [P in K]: T[P] extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : T[P];
};

/** Puts a vi.fn spy on each named method; the double's own implementation still runs. */
function spy<T extends object, K extends keyof T & string>(target: T, ...names: K[]): Spied<T, K> {
  for (const name of names)
    vi.spyOn(target as Record<string, (...args: unknown[]) => unknown>, name);
  return target as Spied<T, K>;
}

export class MockSession extends SessionDouble {
  constructor() {
    super();
    spy(this, 'setPermissionRequestHandler', 'setPermissionCheckHandler');
    spy(this.webRequest, 'onHeadersReceived');
  }
}

export class MockWebContents extends WebContentsDouble {
  constructor(session: SessionDouble) {
    super(session);
    spy(this, 'setWindowOpenHandler', 'send');
  }
}

export function createElectronMock() {
  const double = createElectronDouble({
    root: mkdtempSync(join(tmpdir(), 'ct-electron-mock-')),
    version: '0.1.0-test',
    isPackaged: false,
    // Present on every platform, so a test can check main left it alone off macOS.
    dock: true,
    session: () => new MockSession(),
    webContents: (session) => new MockWebContents(session),
  });
  if (!double.app.dock) throw new Error('the double was asked for a dock');
  spy(double.app.dock, 'hide');
  const spiedApp = spy(
    double.app,
    'setPath',
    'getPath',
    'setName',
    'getVersion',
    'requestSingleInstanceLock',
    'setAppUserModelId',
    'setLoginItemSettings',
    'getLoginItemSettings',
    'whenReady',
    'quit',
    'exit',
  );
  const app = spiedApp as typeof spiedApp & {
    readonly dock: Spied<NonNullable<AppDouble['dock']>, 'hide'>;
  };
  app.markReady();

  class BrowserWindow extends double.BrowserWindow {
    constructor(options?: BrowserWindowOptions) {
      super(options);
      spy(this, 'loadFile', 'show', 'hide', 'focus', 'restore', 'destroy');
    }
  }

  class Tray extends double.Tray {
    constructor(image: NativeImageDouble | string) {
      super(image);
      spy(this, 'setImage', 'setToolTip', 'setContextMenu', 'destroy');
    }
  }

  class Notification extends double.Notification {
    constructor(options?: NotificationOptions) {
      super(options);
      spy(this, 'show', 'close');
    }
  }
  spy(Notification, 'isSupported');

  // The preload's side; what it exposes lands in `exposed` instead of a window.
  const exposed = new Map<string, unknown>();
  const renderer = createRendererSide(async () => undefined, {
    has: (key) => exposed.has(key),
    define: (key, value) => exposed.set(key, value),
  });

  const mock = {
    ...double.module,
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: spy(double.Menu, 'buildFromTemplate'),
    nativeImage: spy(double.nativeImage, 'createFromPath'),
    ipcMain: spy(double.ipcMain, 'handle', 'removeHandler'),
    ipcRenderer: spy(renderer.ipcRenderer, 'invoke', 'on', 'removeListener', 'send'),
    contextBridge: spy(renderer.contextBridge, 'exposeInMainWorld'),
    shell: spy(double.shell, 'openExternal'),
    clipboard: spy(double.clipboard, 'writeText'),
    net: spy(double.net, 'isOnline'),
    screen: spy(double.screen, 'getAllDisplays'),
    safeStorage: spy(
      double.safeStorage,
      'isAsyncEncryptionAvailable',
      'isEncryptionAvailable',
      'getSelectedStorageBackend',
      'encryptStringAsync',
      'decryptStringAsync',
    ),
  };

  return {
    ...mock,
    default: mock,
    // Test controls, not part of Electron.
    windows: double.windows,
    trays: double.trays,
    notifications: double.notifications,
    handlers: double.ipcMain.handlers,
    exposed,
    rendererListeners: renderer.listeners,
    get defaultSession(): SessionDouble {
      return double.session.defaultSession;
    },
    /**
     * Runs main's handler for `ipcRenderer.invoke(channel, ...args)` from `senderFrame`: resolves
     * with what it returned, rejects with exactly what it threw (main's side of the call).
     */
    invoke(channel: string, senderFrame: MockFrame | null, ...args: unknown[]): Promise<unknown> {
      return double.ipcMain.call(senderFrame, undefined, channel, args);
    },
    setWorkAreas: double.setWorkAreas,
    setNotificationsSupported: double.setNotificationsSupported,
    setOnline: double.setOnline,
    reset(): void {
      double.reset();
      exposed.clear();
      renderer.listeners.clear();
      vi.clearAllMocks();
    },
  };
}

export type ElectronMock = ReturnType<typeof createElectronMock>;
