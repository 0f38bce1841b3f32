// The browser harness: the built window served on loopback under the production CSP, with a
// stand-in preload. `window.monitor` is defined by an init script whose methods call one exposed
// binding; what answers them is a pluggable BridgeBackend (fixtures, or the real engine against
// the simulator). State pushes go back through page.evaluate to the window's onState listeners.
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { dispatchInvoke, type InvokeHandlers } from '../../electron/handlers/dispatch';
import {
  INVOKE,
  INVOKE_METHODS,
  invokeMethodOf,
  PUSH_METHODS,
  type AppState,
  type InvokeChannel,
} from '../../shared/ipc';
import { buildRenderer } from '../../scripts/build-renderer';
import { CONTENT_TYPES } from '../helpers/content-types';

/** The CSP the window must run under, sent here as a real HTTP header. */
export const WINDOW_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:";

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots');

/**
 * What answers the window's bridge calls: main's handler table, run through main's own
 * dispatchInvoke (schema check, envelope, redacted errors); `subscribe` delivers every new
 * AppState.
 */
export interface BridgeBackend {
  handlers: InvokeHandlers;
  subscribe(push: (state: AppState) => void): () => void;
}

// ── Build and serve ─────────────────────────────────────────────────────────

export interface BuiltRenderer {
  dir: string;
  remove(): void;
}

/** `vite build` into a fresh temporary folder. */
export async function buildRendererToTemp(): Promise<BuiltRenderer> {
  const dir = mkdtempSync(join(tmpdir(), 'crosstrade-renderer-'));
  await buildRenderer(dir);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface StaticServer {
  url: string;
  /** Every path requested, with its status: a 404 would show a missing asset. */
  requests: Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

/** Serves `dir` on http://127.0.0.1:<free port>/ with the CSP on every response. */
export async function serveStatic(dir: string, csp = WINDOW_CSP): Promise<StaticServer> {
  const root = resolve(dir);
  const requests: StaticServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    const inside = file === root || file.startsWith(root + sep);
    if (req.method !== 'GET' || !inside || !existsSync(file) || !statSync(file).isFile()) {
      requests.push({ path, status: 404 });
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    requests.push({ path, status: 200 });
    res.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// ── The stand-in preload ────────────────────────────────────────────────────

const INVOKE_BINDING = '__crosstradeInvoke';
const PUSH_FUNCTION = '__crosstradePush';

/**
 * Runs in the page before its scripts (like a preload with contextIsolation): defines a frozen
 * `window.monitor` with exactly the MonitorBridge methods, derived from shared/ipc.ts's tables as
 * electron/preload.ts does, each invoke calling the exposed binding. Init scripts are injected by
 * the DevTools protocol, so the page's CSP does not apply to them.
 */
function preloadSource(): string {
  const channels = JSON.stringify(
    Object.fromEntries(INVOKE_METHODS.map((method) => [method, INVOKE[method].channel])),
  );
  // The harness has one push channel, the state; a second would need its own deliver function.
  if (PUSH_METHODS.length !== 1) throw new Error(`harness: push methods ${PUSH_METHODS.join()}`);
  return `(() => {
  const channels = ${channels};
  const listeners = new Set();
  const call = (channel, args) => window[${JSON.stringify(INVOKE_BINDING)}](channel, args);
  const monitor = {
    ${JSON.stringify(PUSH_METHODS[0])}(listener) {
      listeners.add(listener);
      return () => { listeners.delete(listener); };
    },
  };
  for (const [method, channel] of Object.entries(channels)) {
    monitor[method] = (...args) => call(channel, args.slice(0, 1));
  }
  Object.defineProperty(window, 'monitor', { value: Object.freeze(monitor), enumerable: true });
  Object.defineProperty(window, ${JSON.stringify(PUSH_FUNCTION)}, {
    value: (state) => { for (const listener of [...listeners]) listener(state); },
  });
})();`;
}

export interface OpenWindowOptions {
  url: string;
  backend: BridgeBackend;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
}

export interface WindowHarness {
  page: Page;
  context: BrowserContext;
  /** Console errors, uncaught page errors and failed requests, as text. */
  errors: string[];
  /** Every bridge call the window made, in order. */
  calls: Array<{ channel: InvokeChannel; request: unknown }>;
  /** Resolves when every push sent so far has been delivered to the page. */
  flushPushes(): Promise<void>;
  close(): Promise<void>;
}

class InvalidBridgeRequest extends Error {
  override name = 'InvalidBridgeRequest';
}

/** Opens the window in a fresh context with the stand-in preload wired to `backend`. */
export async function openWindow(
  browser: Browser,
  options: OpenWindowOptions,
): Promise<WindowHarness> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 420, height: 640 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'reduce',
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const calls: WindowHarness['calls'] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`),
  );

  await page.exposeBinding(INVOKE_BINDING, async (_source, channel: unknown, args: unknown) => {
    // Like an ipcRenderer.invoke on a channel main never registered: a rejection.
    const method = invokeMethodOf(channel);
    if (!method || !Array.isArray(args)) {
      throw new InvalidBridgeRequest(`unknown channel ${String(channel)}`);
    }
    calls.push({ channel: INVOKE[method].channel, request: args[0] });
    // Main's own answer: the request checked against its schema, then the envelope.
    return dispatchInvoke(options.backend.handlers, method, args, () => {});
  });
  await page.addInitScript({ content: preloadSource() });

  let delivered: Promise<void> = Promise.resolve();
  const unsubscribe = options.backend.subscribe((state) => {
    delivered = delivered.then(() =>
      page
        .evaluate(
          ([name, next]) => {
            const target = globalThis as unknown as Record<
              string,
              ((s: unknown) => void) | undefined
            >;
            target[name]?.(next);
          },
          [PUSH_FUNCTION, state] as const,
        )
        .catch(() => undefined),
    );
  });

  await page.goto(options.url);
  return {
    page,
    context,
    errors,
    calls,
    flushPushes: () => delivered,
    async close() {
      unsubscribe();
      await delivered;
      await context.close();
    },
  };
}

/** The committed screenshots the README shows. */
export const DOCS_DIR = join(REPO_ROOT, 'docs');

/**
 * Set to 1 to refresh the committed docs/ screenshots from this run
 * (`UPDATE_DOCS_SCREENSHOTS=1 CI=true npx vitest run tests/browser`). Off by default, so an
 * ordinary test run never rewrites tracked files.
 */
export const UPDATE_DOCS_SCREENSHOTS = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

/**
 * Saves a full-page PNG under artifacts/screenshots/ and returns its path. With `docs`, the shot
 * is one of the committed ones: it is also written to docs/<docs>.png when
 * UPDATE_DOCS_SCREENSHOTS is on.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  { docs }: { docs?: string } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // A full-page capture of a scrolled page would draw the sticky tabs mid-page.
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
  );
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  if (docs !== undefined && UPDATE_DOCS_SCREENSHOTS)
    copyFileSync(path, join(DOCS_DIR, `${docs}.png`));
  return path;
}
