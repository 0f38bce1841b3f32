// BrowserWindow, webContents, frames, the session and ipcMain of the stand-in. Each window is a
// real Chromium page (playwright-core) in the stand-in's browser context; `loadFile` serves the
// file's folder on loopback (renderer-server.ts) and the window's preload runs in the page before
// its scripts (page-preload.ts). IPC from any frame reaches `ipcMain` through one binding, with the
// calling frame as `senderFrame`; frames report the file:// URL a served URL stands for.
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { emitCancellable, StandInEvent } from './events';
import { DELIVER_FUNCTION, IPC_BINDING, preloadInitScript } from './page-preload';
import { serveFolder, type HeadersReceivedListener, type RendererServer } from './renderer-server';

// ── Frames ──────────────────────────────────────────────────────────────────

/** Electron's WebFrameMain as main reads it: url, processId, routingId (one object per frame). */
export class FrameStandIn {
  constructor(
    private readonly frame: Frame,
    readonly processId: number,
    readonly routingId: number,
    private readonly registry: FrameRegistry,
  ) {}

  /** The frame's URL; a page served by the stand-in reports the file:// URL it stands for. */
  get url(): string {
    return this.registry.mapUrl(this.frame.url());
  }

  get name(): string {
    return this.frame.name();
  }

  get parent(): FrameStandIn | null {
    const parent = this.frame.parentFrame();
    return parent ? this.registry.of(parent) : null;
  }

  get top(): FrameStandIn {
    let frame = this.frame;
    for (let parent = frame.parentFrame(); parent; parent = frame.parentFrame()) frame = parent;
    return this.registry.of(frame);
  }

  isDestroyed(): boolean {
    return this.frame.isDetached();
  }
}

/** One FrameStandIn per Playwright frame; a process id per page, a routing id per frame. */
export class FrameRegistry {
  private readonly frames = new WeakMap<Frame, FrameStandIn>();
  private readonly processes = new WeakMap<Page, number>();
  private nextProcessId = 4;
  private nextRoutingId = 1;

  constructor(readonly mapUrl: (url: string) => string) {}

  of(frame: Frame): FrameStandIn {
    const known = this.frames.get(frame);
    if (known) return known;
    const page = frame.page();
    let processId = this.processes.get(page);
    if (processId === undefined) {
      processId = this.nextProcessId++;
      this.processes.set(page, processId);
    }
    const created = new FrameStandIn(frame, processId, this.nextRoutingId++, this);
    this.frames.set(frame, created);
    return created;
  }
}

// ── Session ─────────────────────────────────────────────────────────────────

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details?: unknown,
) => void;
type PermissionCheckHandler = (...args: unknown[]) => boolean;

/** Electron's default session: permission handlers (recorded) and onHeadersReceived (applied). */
export class SessionStandIn {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  headersListener: HeadersReceivedListener | undefined;
  private readonly servers = new Map<string, Promise<RendererServer>>();
  private readonly started: RendererServer[] = [];

  readonly webRequest = {
    onHeadersReceived: (
      filterOrListener: unknown,
      maybeListener?: HeadersReceivedListener | null,
    ): void => {
      const listener =
        typeof filterOrListener === 'function'
          ? (filterOrListener as HeadersReceivedListener)
          : maybeListener;
      this.headersListener = listener ?? undefined;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }

  /** The loopback server for a folder (one per folder). */
  serve(folder: string): Promise<RendererServer> {
    let server = this.servers.get(folder);
    if (!server) {
      server = serveFolder(folder, () => this.headersListener).then((started) => {
        this.started.push(started);
        return started;
      });
      this.servers.set(folder, server);
    }
    return server;
  }

  /** Every response the stand-in served, with its headers. */
  served(): RendererServer['requests'] {
    return this.started.flatMap((server) => server.requests);
  }

  /** Maps a served loopback URL to its file:// URL; other URLs pass unchanged. */
  mapUrl(url: string): string {
    for (const server of this.started) {
      const file = server.toFileUrl(url);
      if (file) return file;
    }
    return url;
  }

  async close(): Promise<void> {
    await Promise.all(this.started.map((server) => server.close()));
  }
}

// ── ipcMain ─────────────────────────────────────────────────────────────────

export interface IpcMainInvokeEventStandIn {
  senderFrame: FrameStandIn | null;
  frameId: number;
  processId: number;
  sender: WebContentsStandIn | undefined;
}

type InvokeHandler = (event: IpcMainInvokeEventStandIn, ...args: unknown[]) => unknown;

export interface IpcCallRecord {
  channel: string;
  /** The sender frame's URL as main saw it. */
  senderUrl: string;
  mainFrame: boolean;
  outcome: 'answered' | 'rejected';
  error?: string;
}

export class IpcMainStandIn extends EventEmitter {
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

  /** What Electron does for `ipcRenderer.invoke` from `frame`. */
  async dispatch(
    frame: FrameStandIn,
    sender: WebContentsStandIn | undefined,
    channel: string,
    args: unknown[],
  ): Promise<unknown> {
    const record: IpcCallRecord = {
      channel,
      senderUrl: frame.url,
      mainFrame: frame.parent === null,
      outcome: 'answered',
    };
    this.calls.push(record);
    const handler = this.handlers.get(channel);
    try {
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event: IpcMainInvokeEventStandIn = {
        senderFrame: frame,
        frameId: frame.routingId,
        processId: frame.processId,
        sender,
      };
      const result = await handler(event, ...args);
      // Electron keeps order on the channel: what main sent before replying arrives first.
      await sender?.flushSends();
      return result;
    } catch (error) {
      record.outcome = 'rejected';
      record.error = String(error);
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
    }
  }
}

// ── webContents ─────────────────────────────────────────────────────────────

/** Console errors, uncaught errors, failed requests and crashes of a window's page. */
export interface PageProblem {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'crash';
  text: string;
}

export interface StandInRuntime {
  context: BrowserContext;
  session: SessionStandIn;
  frames: FrameRegistry;
  ipcMain: IpcMainStandIn;
  windows: BrowserWindowStandIn[];
  /** app.emit for web-contents-created and browser-window-created. */
  emitApp(name: string, ...args: unknown[]): void;
  colorScheme(): 'light' | 'dark';
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

let nextWebContentsId = 1;

export class WebContentsStandIn extends EventEmitter {
  readonly id = nextWebContentsId++;
  readonly session: SessionStandIn;
  page: Page | undefined;
  /** Resolves once the page exists and the preload is installed. */
  readonly ready: Promise<Page>;
  windowOpenHandler: WindowOpenHandler | undefined;
  /** Every console message of the page, in order (type and text). */
  readonly console: Array<{ type: string; text: string }> = [];
  readonly problems: PageProblem[] = [];
  /** Navigations main cancelled in will-navigate. */
  readonly blockedNavigations: string[] = [];
  /** Messages sent with `send`, in order, whether or not a listener took them. */
  readonly sent: Array<{ channel: string; args: unknown[]; listeners: number }> = [];
  private destroyed = false;
  private loading: string | undefined;
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: StandInRuntime,
    preloadPath: string | undefined,
  ) {
    super();
    this.session = runtime.session;
    this.ready = this.createPage(preloadPath);
    // A failed page creation surfaces in loadFile; keep it from being an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  get mainFrame(): FrameStandIn {
    if (!this.page) throw new Error('stand-in: the window has no page yet');
    return this.runtime.frames.of(this.page.mainFrame());
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.page ? this.runtime.session.mapUrl(this.page.url()) : '';
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }

  /** main → window: delivered, in order, to the page's `ipcRenderer.on` listeners. */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    const record = { channel, args, listeners: 0 };
    this.sent.push(record);
    this.delivery = this.delivery.then(async () => {
      const page = await this.ready;
      record.listeners = await page
        .evaluate(
          ([name, message, payload]) => {
            const target = globalThis as unknown as Record<
              string,
              ((c: string, a: unknown[]) => number) | undefined
            >;
            return target[name]?.(message, payload) ?? 0;
          },
          [DELIVER_FUNCTION, channel, args] as const,
        )
        .catch(() => 0);
    });
  }

  /** Resolves when every message sent so far has been handed to the page. */
  flushSends(): Promise<void> {
    return this.delivery;
  }

  async loadFile(file: string): Promise<void> {
    const server = await this.session.serve(dirname(file));
    await this.load(server.urlFor(file));
  }

  async loadURL(url: string): Promise<void> {
    await this.load(url);
  }

  /** The page (for tests): waits for it to exist. */
  async whenPage(): Promise<Page> {
    return this.ready;
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
    const page = await this.ready.catch(() => undefined);
    await page?.close().catch(() => undefined);
  }

  private async load(url: string): Promise<void> {
    const page = await this.ready;
    this.loading = url;
    try {
      await page.goto(url, { waitUntil: 'load' });
    } finally {
      this.loading = undefined;
    }
    this.emit('did-finish-load');
  }

  private async createPage(preloadPath: string | undefined): Promise<Page> {
    const page = await this.runtime.context.newPage();
    await page.emulateMedia({ colorScheme: this.runtime.colorScheme() });
    if (preloadPath) {
      await page.addInitScript({
        content: preloadInitScript({
          path: preloadPath,
          source: readFileSync(preloadPath, 'utf8'),
        }),
      });
    }
    page.on('console', (message) => {
      this.console.push({ type: message.type(), text: message.text() });
      if (message.type() === 'error') this.problems.push({ kind: 'console', text: message.text() });
    });
    page.on('pageerror', (error) => this.problems.push({ kind: 'pageerror', text: error.message }));
    page.on('requestfailed', (request) => {
      if (this.blockedNavigations.includes(request.url())) return;
      this.problems.push({
        kind: 'requestfailed',
        text: `${request.url()} ${request.failure()?.errorText ?? ''}`,
      });
    });
    page.on('crash', () => {
      this.problems.push({ kind: 'crash', text: 'the renderer crashed' });
      this.emit('render-process-gone', new StandInEvent(), { reason: 'crashed', exitCode: 0 });
    });
    // will-navigate: a main-frame navigation the page starts itself (not loadFile/loadURL) asks
    // main first, and is cancelled when a listener prevents it.
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (!request.isNavigationRequest() || request.frame() !== page.mainFrame()) {
        await route.fallback();
        return;
      }
      const url = request.url();
      if (url === this.loading) {
        await route.fallback();
        return;
      }
      const frame = this.runtime.frames.of(page.mainFrame());
      const allowed = emitCancellable(
        this,
        'will-navigate',
        url,
        false,
        true,
        frame.processId,
        frame.routingId,
      );
      if (allowed) {
        await route.fallback();
        return;
      }
      this.blockedNavigations.push(url);
      await route.abort('aborted');
    });
    this.page = page;
    return page;
  }
}

// ── BrowserWindow ───────────────────────────────────────────────────────────

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BrowserWindowOptionsStandIn {
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

export class BrowserWindowStandIn extends EventEmitter {
  readonly id = nextWindowId++;
  readonly webContents: WebContentsStandIn;
  visible = false;
  focused = false;
  minimized = false;
  private destroyed = false;
  private bounds: Rect;

  constructor(
    private readonly runtime: StandInRuntime,
    readonly options: BrowserWindowOptionsStandIn = {},
  ) {
    super();
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    };
    this.webContents = new WebContentsStandIn(runtime, options.webPreferences?.preload);
    runtime.windows.push(this);
    runtime.emitApp('web-contents-created', new StandInEvent(), this.webContents);
    runtime.emitApp('browser-window-created', new StandInEvent(), this);
    void this.webContents.ready
      .then((page) =>
        page.setViewportSize({ width: this.bounds.width, height: this.bounds.height }),
      )
      .catch(() => undefined);
  }

  async loadFile(file: string): Promise<void> {
    await this.webContents.loadFile(file);
    this.emit('ready-to-show', new StandInEvent());
  }

  async loadURL(url: string): Promise<void> {
    await this.webContents.loadURL(url);
    this.emit('ready-to-show', new StandInEvent());
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

  /** What the window's close button does: asks 'close' listeners, then destroys. */
  close(): void {
    if (this.destroyed) return;
    if (!emitCancellable(this, 'close')) return;
    this.destroy();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.visible = false;
    this.focused = false;
    void this.webContents.destroy();
    this.emit('closed');
  }
}

/** Wires a frame's binding call to ipcMain; `sender` is the window whose page made the call. */
export async function exposeIpc(runtime: StandInRuntime): Promise<void> {
  await runtime.context.exposeBinding(
    IPC_BINDING,
    async ({ frame, page }, channel: unknown, args: unknown) => {
      const sender = runtime.windows.find((win) => win.webContents.page === page)?.webContents;
      return runtime.ipcMain.dispatch(
        runtime.frames.of(frame),
        sender,
        String(channel),
        Array.isArray(args) ? (args as unknown[]) : [],
      );
    },
  );
}
