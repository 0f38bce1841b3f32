// What the e2e stand-in adds to the shared double (tests/electron-double/) for windows: a real
// Chromium page (playwright-core) behind each webContents, in the stand-in's browser context.
// `loadFile` serves the file's folder on loopback (renderer-server.ts) and the window's preload
// runs in the page before its scripts (page-preload.ts). IPC from any frame reaches `ipcMain`
// through one binding, with the calling frame as `senderFrame`; frames report the file:// URL a
// served URL stands for.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import {
  emitCancellable,
  ElectronEvent,
  SessionDouble,
  WebContentsDouble,
  type BrowserWindowDouble,
  type BrowserWindowOptions,
  type IpcMainDouble,
} from '../../electron-double/index';
import { DELIVER_FUNCTION, IPC_BINDING, preloadInitScript } from './page-preload';
import { serveFolder, type RendererServer } from './renderer-server';

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

/** The default session, plus the loopback servers standing in for file:// (one per folder). */
export class ServedSession extends SessionDouble {
  private readonly servers = new Map<string, Promise<RendererServer>>();
  private readonly started: RendererServer[] = [];

  /** The loopback server for a folder; its responses pass through the headers handler. */
  serve(folder: string): Promise<RendererServer> {
    let server = this.servers.get(folder);
    if (!server) {
      server = serveFolder(folder, () => this.headersHandler).then((started) => {
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

// ── webContents ─────────────────────────────────────────────────────────────

/** Console errors, uncaught errors, failed requests and crashes of a window's page. */
export interface PageProblem {
  kind: 'console' | 'pageerror' | 'requestfailed' | 'crash';
  text: string;
}

export interface PageRuntime {
  context: BrowserContext;
  session: ServedSession;
  frames: FrameRegistry;
  ipcMain: IpcMainDouble;
  windows: Array<BrowserWindowDouble<PageWebContents>>;
  colorScheme(): 'light' | 'dark';
}

/** A webContents whose renderer is a Chromium page. */
export class PageWebContents extends WebContentsDouble {
  page: Page | undefined;
  /** Resolves once the page exists and the preload is installed. */
  readonly ready: Promise<Page>;
  /** Every console message of the page, in order (type and text). */
  readonly console: Array<{ type: string; text: string }> = [];
  readonly problems: PageProblem[] = [];
  /** Navigations main cancelled in will-navigate. */
  readonly blockedNavigations: string[] = [];
  private loading: string | undefined;
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    private readonly runtime: PageRuntime,
    options: BrowserWindowOptions,
  ) {
    super(runtime.session);
    this.ready = this.createPage(options);
    // A failed page creation surfaces in loadFile; keep it from being an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  override get mainFrame(): FrameStandIn {
    if (!this.page) throw new Error('stand-in: the window has no page yet');
    return this.runtime.frames.of(this.page.mainFrame());
  }

  override getURL(): string {
    return this.page ? this.runtime.session.mapUrl(this.page.url()) : '';
  }

  /** Resolves when every message sent so far has been handed to the page. */
  override flushSends(): Promise<void> {
    return this.delivery;
  }

  override async loadFile(file: string): Promise<void> {
    const server = await this.runtime.session.serve(dirname(file));
    await this.load(server.urlFor(file));
  }

  override async loadURL(url: string): Promise<void> {
    await this.load(url);
  }

  /** The page (for tests): waits for it to exist. */
  async whenPage(): Promise<Page> {
    return this.ready;
  }

  override destroy(): void {
    if (this.destroyed) return;
    super.destroy();
    void this.ready.then((page) => page.close()).catch(() => undefined);
  }

  /** In order, to the page's `ipcRenderer.on` listeners. */
  protected override deliver(channel: string, args: unknown[]): void {
    this.delivery = this.delivery.then(async () => {
      const page = await this.ready;
      await page
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

  private async createPage(options: BrowserWindowOptions): Promise<Page> {
    const page = await this.runtime.context.newPage();
    await page.setViewportSize({ width: options.width ?? 800, height: options.height ?? 600 });
    await page.emulateMedia({ colorScheme: this.runtime.colorScheme() });
    const preloadPath = options.webPreferences?.preload;
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
      this.emit('render-process-gone', new ElectronEvent(), { reason: 'crashed', exitCode: 0 });
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
      const navigation = emitCancellable(
        this,
        'will-navigate',
        url,
        false,
        true,
        frame.processId,
        frame.routingId,
      );
      if (!navigation.defaultPrevented) {
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

/** Wires a frame's binding call to ipcMain; `sender` is the window whose page made the call. */
export async function exposeIpc(runtime: PageRuntime): Promise<void> {
  await runtime.context.exposeBinding(
    IPC_BINDING,
    async ({ frame, page }, channel: unknown, args: unknown) => {
      const sender = runtime.windows.find((win) => win.webContents.page === page)?.webContents;
      return runtime.ipcMain.invokeFromRenderer(
        runtime.frames.of(frame),
        sender,
        String(channel),
        Array.isArray(args) ? (args as unknown[]) : [],
      );
    },
  );
}
