// BrowserWindow, webContents, the session and ipcMain without a renderer: state, events and
// recorded calls. A window's webContents comes from a factory, so the e2e stand-in can put a real
// Chromium page behind it (its subclass loads files, delivers `send` and reports real frames);
// here nothing renders, so 'ready-to-show' is the test's to emit.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';
import { ElectronEvent, emitCancellable } from './events';
import type { Rect } from './desktop';

// ── Frames ──────────────────────────────────────────────────────────────────

/** Electron's WebFrameMain as main reads it. */
export interface FrameDouble {
  url: string;
  processId: number;
  routingId: number;
  /** null for a main frame; absent on a plain test frame (taken as a main frame). */
  readonly parent?: FrameDouble | null;
}

// ── Session ─────────────────────────────────────────────────────────────────

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
export type PermissionCheckHandler = (...args: unknown[]) => boolean;

/** `details` of onHeadersReceived: the fields main reads are required, the rest optional. */
export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
  id?: number;
  method?: string;
  resourceType?: string;
  statusCode?: number;
  statusLine?: string;
  timestamp?: number;
}

export interface HeadersReceivedResponse {
  cancel?: boolean;
  responseHeaders?: Record<string, string | string[]>;
  statusLine?: string;
}

export type HeadersReceivedListener = (
  details: HeadersReceivedDetails,
  callback: (response: HeadersReceivedResponse) => void,
) => void;

/** Electron's default session: the permission handlers and the onHeadersReceived listener. */
export class SessionDouble {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  headersHandler: HeadersReceivedListener | null = null;

  readonly webRequest = {
    /** (listener) or (filter, listener), as in Electron; null removes it. */
    onHeadersReceived: (
      filterOrListener: unknown,
      maybeListener?: HeadersReceivedListener | null,
    ): void => {
      const listener =
        typeof filterOrListener === 'function'
          ? (filterOrListener as HeadersReceivedListener)
          : maybeListener;
      this.headersHandler = listener ?? null;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
}

// ── ipcMain ─────────────────────────────────────────────────────────────────

export interface IpcMainInvokeEventDouble {
  senderFrame: FrameDouble | null;
  frameId: number;
  processId: number;
  sender: WebContentsDouble | undefined;
}

type InvokeHandler = (event: IpcMainInvokeEventDouble, ...args: unknown[]) => unknown;

export interface IpcCallRecord {
  channel: string;
  /** The sender frame's URL as main saw it ('' without a frame). */
  senderUrl: string;
  mainFrame: boolean;
  outcome: 'answered' | 'rejected';
  error?: string;
}

export class IpcMainDouble extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  /** Every invoke that reached main, in order. */
  readonly calls: IpcCallRecord[] = [];

  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  }

  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.removeHandler(channel);
      return handler(event, ...args);
    });
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /**
   * Runs the handler for `ipcRenderer.invoke(channel, ...args)` from `frame`, as main sees it:
   * resolves with what it returned, rejects with exactly what it threw.
   */
  async call(
    frame: FrameDouble | null,
    sender: WebContentsDouble | undefined,
    channel: string,
    args: unknown[],
  ): Promise<unknown> {
    const record: IpcCallRecord = {
      channel,
      senderUrl: frame?.url ?? '',
      mainFrame: !frame?.parent,
      outcome: 'answered',
    };
    this.calls.push(record);
    try {
      const handler = this.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event: IpcMainInvokeEventDouble = {
        senderFrame: frame,
        frameId: frame?.routingId ?? -1,
        processId: frame?.processId ?? -1,
        sender,
      };
      return await handler(event, ...args);
    } catch (error) {
      record.outcome = 'rejected';
      record.error = String(error);
      throw error;
    }
  }

  /** The same call as the page sees it: after main's earlier sends, errors in Electron's words. */
  async invokeFromRenderer(
    frame: FrameDouble,
    sender: WebContentsDouble | undefined,
    channel: string,
    args: unknown[],
  ): Promise<unknown> {
    try {
      const result = await this.call(frame, sender, channel, args);
      // Electron keeps order on the channel: what main sent before replying arrives first.
      await sender?.flushSends();
      return result;
    } catch (error) {
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }

  reset(): void {
    this.removeAllListeners();
    this.handlers.clear();
    this.calls.length = 0;
  }
}

// ── webContents ─────────────────────────────────────────────────────────────

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

let nextWebContentsId = 1;
let nextProcessId = 100;

/** A webContents with no renderer: `send` is recorded, loading only sets the frame's URL. */
export class WebContentsDouble extends EventEmitter {
  readonly id = nextWebContentsId++;
  destroyed = false;
  windowOpenHandler: WindowOpenHandler | undefined;
  /** Messages sent with `send`, in order (`payload` is the first argument after the channel). */
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  private readonly frame: FrameDouble = {
    url: 'about:blank',
    processId: nextProcessId++,
    routingId: 1,
  };

  constructor(readonly session: SessionDouble) {
    super();
  }

  /** A plain object a test may change (e.g. its url, as if the frame had navigated). */
  get mainFrame(): FrameDouble {
    return this.frame;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** main → window. */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, payload: args[0] });
    this.deliver(channel, args);
  }

  /** Resolves when every message sent so far has reached the renderer. */
  flushSends(): Promise<void> {
    return Promise.resolve();
  }

  async loadFile(file: string): Promise<void> {
    await this.loadURL(pathToFileURL(file).href);
  }

  async loadURL(url: string): Promise<void> {
    this.frame.url = url;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }

  /** Hands a sent message to the renderer; there is none here. */
  protected deliver(_channel: string, _args: unknown[]): void {}
}

// ── BrowserWindow ───────────────────────────────────────────────────────────

export interface BrowserWindowOptions {
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  show?: boolean;
  title?: string;
  webPreferences?: { preload?: string } & Record<string, unknown>;
  [option: string]: unknown;
}

let nextWindowId = 1;

/** Visibility, focus and bounds as flags; 'ready-to-show' follows its webContents' first load. */
export class BrowserWindowDouble<
  Contents extends WebContentsDouble = WebContentsDouble,
> extends EventEmitter {
  readonly id = nextWindowId++;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  /** The file main last loaded. */
  loadedFile: string | undefined;
  private bounds: Rect;

  constructor(
    readonly options: BrowserWindowOptions,
    readonly webContents: Contents,
  ) {
    super();
    // Electron centres a window without x/y; a fixed spot keeps saved bounds predictable.
    this.bounds = {
      x: options.x ?? 100,
      y: options.y ?? 100,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    webContents.on('did-finish-load', () => this.emit('ready-to-show', new ElectronEvent()));
  }

  async loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    await this.webContents.loadFile(file);
  }

  async loadURL(url: string): Promise<void> {
    await this.webContents.loadURL(url);
  }

  show(): void {
    this.visible = true;
    this.focused = true;
    this.emit('show');
    this.emit('focus');
  }

  hide(): void {
    const wasFocused = this.focused;
    this.visible = false;
    this.focused = false;
    this.emit('hide');
    if (wasFocused) this.emit('blur');
  }

  focus(): void {
    if (!this.visible) return;
    this.focused = true;
    this.emit('focus');
  }

  /** Test control: the user clicks another application. */
  blur(): void {
    this.focused = false;
    this.emit('blur');
  }

  minimize(): void {
    this.minimized = true;
    this.focused = false;
  }

  restore(): void {
    this.minimized = false;
  }

  isVisible(): boolean {
    return this.visible && !this.minimized;
  }

  isFocused(): boolean {
    return this.focused;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getBounds(): Rect {
    return { ...this.bounds };
  }

  getNormalBounds(): Rect {
    return { ...this.bounds };
  }

  setBounds(bounds: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...bounds };
  }

  getTitle(): string {
    return this.options.title ?? '';
  }

  /** What the window's close button does. */
  close(): void {
    this.userClose();
  }

  /** close() for a test: asks 'close' listeners, destroys unless one prevented it. */
  userClose(): ElectronEvent {
    if (this.destroyed) return new ElectronEvent();
    const event = emitCancellable(this, 'close');
    if (!event.defaultPrevented) this.destroy();
    return event;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.focused = false;
    this.webContents.destroy();
    this.emit('closed');
  }
}
