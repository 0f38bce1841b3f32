// A recording stand-in for the `electron` module in unit tests (design.md §4: never load the real
// package). Use it through vi.hoisted so vi.mock's factory can return it:
//   const electron = await vi.hoisted(async () => (await import('./electron-mock')).createElectronMock());
//   vi.mock('electron', () => electron);
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class MockEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export interface MockFrame {
  url: string;
  processId: number;
  routingId: number;
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
type HeadersHandler = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export class MockSession {
  permissionRequestHandler: PermissionRequestHandler | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  headersHandler: HeadersHandler | undefined;
  setPermissionRequestHandler = vi.fn((handler: PermissionRequestHandler) => {
    this.permissionRequestHandler = handler;
  });
  setPermissionCheckHandler = vi.fn((handler: (...args: unknown[]) => boolean) => {
    this.permissionCheckHandler = handler;
  });
  webRequest = {
    onHeadersReceived: vi.fn((handler: HeadersHandler) => {
      this.headersHandler = handler;
    }),
  };
}

let nextProcessId = 100;

export class MockWebContents extends EventEmitter {
  readonly session: MockSession;
  readonly mainFrame: MockFrame;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  destroyed = false;
  sent: Array<{ channel: string; payload: unknown }> = [];

  constructor(session: MockSession) {
    super();
    this.session = session;
    this.mainFrame = { url: 'about:blank', processId: nextProcessId++, routingId: 1 };
  }

  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  isDestroyed = () => this.destroyed;
  send = vi.fn((channel: string, payload: unknown) => {
    this.sent.push({ channel, payload });
  });
}

export function createElectronMock() {
  const defaultSession = new MockSession();
  const windows: MockBrowserWindow[] = [];
  const trays: MockTray[] = [];
  const notifications: MockNotification[] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const exposed = new Map<string, unknown>();
  let workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }];
  let notificationsSupported = true;
  let online = true;

  class MockBrowserWindow extends EventEmitter {
    readonly options: Record<string, unknown>;
    readonly webContents: MockWebContents;
    visible = false;
    focused = false;
    minimized = false;
    destroyed = false;
    bounds: { x: number; y: number; width: number; height: number };
    loadedFile: string | undefined;

    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      // Electron shares one default session; a fresh one per window keeps tests independent.
      this.webContents = new MockWebContents(new MockSession());
      this.bounds = {
        x: Number(options.x ?? 100),
        y: Number(options.y ?? 100),
        width: Number(options.width ?? 800),
        height: Number(options.height ?? 600),
      };
      windows.push(this);
    }

    loadFile = vi.fn(async (file: string) => {
      this.loadedFile = file;
      this.webContents.mainFrame.url = new URL(`file://${file}`).href;
    });
    show = vi.fn(() => {
      this.visible = true;
      this.focused = true;
    });
    hide = vi.fn(() => {
      this.visible = false;
      this.focused = false;
    });
    focus = vi.fn(() => {
      this.focused = true;
    });
    restore = vi.fn(() => {
      this.minimized = false;
    });
    destroy = vi.fn(() => {
      this.destroyed = true;
      this.emit('closed');
    });
    isVisible = () => this.visible;
    isFocused = () => this.focused;
    isMinimized = () => this.minimized;
    isDestroyed = () => this.destroyed;
    getNormalBounds = () => ({ ...this.bounds });

    /** What a user's click on the close button does. */
    userClose(): MockEvent {
      const event = new MockEvent();
      this.emit('close', event);
      if (!event.defaultPrevented) {
        this.destroyed = true;
        this.emit('closed');
      }
      return event;
    }
  }

  class MockTray extends EventEmitter {
    image: { path: string; template: boolean };
    tooltip = '';
    menu: { template: MenuTemplateItem[] } | undefined;
    destroyed = false;

    constructor(image: { path: string; template: boolean }) {
      super();
      this.image = image;
      trays.push(this);
    }

    setImage = vi.fn((image: { path: string; template: boolean }) => {
      this.image = image;
    });
    setToolTip = vi.fn((text: string) => {
      this.tooltip = text;
    });
    setContextMenu = vi.fn((menu: { template: MenuTemplateItem[] }) => {
      this.menu = menu;
    });
    isDestroyed = () => this.destroyed;
    destroy = vi.fn(() => {
      this.destroyed = true;
    });

    /** Finds a menu item by label (searching submenus) and clicks it. */
    clickMenuItem(label: string): void {
      const find = (items: MenuTemplateItem[]): MenuTemplateItem | undefined => {
        for (const item of items) {
          if (item.label === label) return item;
          const inner = item.submenu ? find(item.submenu) : undefined;
          if (inner) return inner;
        }
        return undefined;
      };
      const item = find(this.menu?.template ?? []);
      if (!item?.click) throw new Error(`No clickable menu item "${label}"`);
      item.click();
    }
  }

  class MockNotification extends EventEmitter {
    static isSupported = vi.fn(() => notificationsSupported);
    readonly options: Record<string, unknown>;
    shown = false;
    closed = false;

    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      notifications.push(this);
    }

    show = vi.fn(() => {
      this.shown = true;
    });
    close = vi.fn(() => {
      this.closed = true;
      this.emit('close');
    });
  }

  const paths = new Map<string, string>();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    dock: { hide: vi.fn() },
    setPath: vi.fn((name: string, path: string) => {
      paths.set(name, path);
    }),
    getPath: vi.fn((name: string) => paths.get(name) ?? `/tmp/mock-${name}`),
    setName: vi.fn(),
    getVersion: vi.fn(() => '0.1.0-test'),
    requestSingleInstanceLock: vi.fn(() => true),
    setAppUserModelId: vi.fn(),
    setLoginItemSettings: vi.fn(),
    getLoginItemSettings: vi.fn(() => ({ openAtLogin: false, wasOpenedAtLogin: false })),
    whenReady: vi.fn(() => Promise.resolve()),
    quit: vi.fn(),
    exit: vi.fn(),
  });

  /** A reversible stand-in cipher: XOR with a fixed byte, so clear text never shows in the bytes. */
  const xor = (data: Buffer) => Buffer.from(data.map((byte) => byte ^ 0x5a));
  const safeStorage = {
    backend: 'gnome_libsecret' as string,
    available: true,
    isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
    isEncryptionAvailable: vi.fn(() => safeStorage.available),
    getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
    encryptStringAsync: vi.fn(async (text: string) => xor(Buffer.from(`enc:${text}`, 'utf8'))),
    decryptStringAsync: vi.fn(async (data: Buffer) => {
      const text = xor(data).toString('utf8');
      if (!text.startsWith('enc:'))
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        );
      return { result: text.slice(4), shouldReEncrypt: false };
    }),
  };

  const ipcRenderer = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]): Promise<unknown> => undefined),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      const set = rendererListeners.get(channel) ?? new Set();
      set.add(listener);
      rendererListeners.set(channel, set);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => {
      rendererListeners.get(channel)?.delete(listener);
      return ipcRenderer;
    }),
    send: vi.fn(),
  };

  const mock = {
    app,
    BrowserWindow: MockBrowserWindow,
    Tray: MockTray,
    Notification: MockNotification,
    Menu: {
      buildFromTemplate: vi.fn((template: MenuTemplateItem[]) => ({ template })),
    },
    nativeImage: {
      createFromPath: vi.fn((path: string) => {
        const image = {
          path,
          template: false,
          setTemplateImage: (flag: boolean) => {
            image.template = flag;
          },
        };
        return image;
      }),
    },
    ipcMain: {
      handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
        if (handlers.has(channel))
          throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => {
        handlers.delete(channel);
      }),
    },
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => {
        exposed.set(key, api);
      }),
    },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    clipboard: { writeText: vi.fn() },
    powerMonitor: new EventEmitter(),
    net: { isOnline: vi.fn(() => online) },
    screen: { getAllDisplays: vi.fn(() => workAreas.map((workArea) => ({ workArea }))) },
    safeStorage,
    session: { defaultSession },
  };

  return {
    ...mock,
    default: mock,
    // Test controls, not part of Electron.
    windows,
    trays,
    notifications,
    handlers,
    exposed,
    rendererListeners,
    defaultSession,
    /** Calls an ipcMain.handle handler as Electron would for `ipcRenderer.invoke(channel, ...args)`. */
    async invoke(
      channel: string,
      senderFrame: MockFrame | null,
      ...args: unknown[]
    ): Promise<unknown> {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler for ${channel}`);
      return handler({ senderFrame, sender: undefined }, ...args);
    },
    setWorkAreas(areas: typeof workAreas): void {
      workAreas = areas;
    },
    setNotificationsSupported(flag: boolean): void {
      notificationsSupported = flag;
    },
    setOnline(flag: boolean): void {
      online = flag;
    },
    reset(): void {
      paths.clear();
      windows.length = 0;
      trays.length = 0;
      notifications.length = 0;
      handlers.clear();
      exposed.clear();
      rendererListeners.clear();
      workAreas = [{ x: 0, y: 0, width: 1920, height: 1040 }];
      notificationsSupported = true;
      online = true;
      safeStorage.backend = 'gnome_libsecret';
      safeStorage.available = true;
      mock.powerMonitor.removeAllListeners();
      app.removeAllListeners();
      vi.clearAllMocks();
    },
  };
}

export interface MenuTemplateItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuTemplateItem[];
}

export type ElectronMock = ReturnType<typeof createElectronMock>;
