// What stands in for Electron's file:// loading: a folder served on http://127.0.0.1:<free port>
// (Chromium refuses a Vite module script from file://). Every response goes
// through the session's `webRequest.onHeadersReceived` listener, as in Electron, so the CSP the
// page runs under is the header main adds, not one the stand-in invents.
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_TYPES } from '../../helpers/content-types';
import type { HeadersReceivedListener, HeadersReceivedResponse } from '../../electron-double/index';

export interface ServedRequest {
  path: string;
  status: number;
  /** The response headers as sent, after the session's listener. */
  headers: Record<string, string | string[]>;
}

export interface RendererServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  root: string;
  /** The loopback URL that serves `file` (inside root). */
  urlFor(file: string): string;
  /** The file:// URL a served URL stands for (search and hash kept); undefined for others. */
  toFileUrl(url: string): string | undefined;
  requests: ServedRequest[];
  close(): Promise<void>;
}

let nextRequestId = 1;

export async function serveFolder(
  folder: string,
  headersListener: () => HeadersReceivedListener | null,
): Promise<RendererServer> {
  const root = resolve(folder);
  const requests: ServedRequest[] = [];
  let origin = '';

  const toFileUrl = (raw: string): string | undefined => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return undefined;
    }
    if (url.origin !== origin) return undefined;
    const file = join(root, decodeURIComponent(url.pathname));
    return `${pathToFileURL(file).href}${url.search}${url.hash}`;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const path = decodeURIComponent(url.pathname);
      const file = normalize(join(root, path));
      const inside = file.startsWith(root + sep);
      let body: Buffer | undefined;
      if (req.method === 'GET' && inside) {
        try {
          if ((await stat(file)).isFile()) body = await readFile(file);
        } catch {
          body = undefined;
        }
      }
      const statusCode = body ? 200 : 404;
      const base: Record<string, string[]> = {
        'Content-Type': [
          body ? (CONTENT_TYPES[extname(file)] ?? 'application/octet-stream') : 'text/plain',
        ],
        'Cache-Control': ['no-store'],
      };
      const listener = headersListener();
      const response = await new Promise<HeadersReceivedResponse>((done) => {
        if (!listener) {
          done({});
          return;
        }
        listener(
          {
            id: nextRequestId++,
            url: toFileUrl(url.href) ?? url.href,
            method: req.method ?? 'GET',
            resourceType: path.endsWith('.html') ? 'mainFrame' : 'other',
            statusCode,
            statusLine: `HTTP/1.1 ${statusCode}`,
            responseHeaders: base,
            timestamp: Date.now(),
          },
          done,
        );
      });
      if (response.cancel) {
        requests.push({ path, status: 0, headers: {} });
        res.destroy();
        return;
      }
      const headers = response.responseHeaders ?? base;
      requests.push({ path, status: statusCode, headers });
      res.writeHead(statusCode, headers);
      res.end(body ?? 'not found');
    })().catch(() => res.destroy());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    root,
    urlFor(file: string): string {
      const rel = relative(root, resolve(file));
      if (rel.startsWith('..')) throw new Error(`${file} is outside the served folder ${root}`);
      return `${origin}/${rel.split(sep).map(encodeURIComponent).join('/')}`;
    },
    toFileUrl,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
