// The per-call limit on OAuth requests, over real HTTP: a complete answer within the timeout or a
// clear failure, aborted by the engine's stop signal, and nothing left behind on that long-lived
// signal once each call settles (no listener, no MaxListenersExceededWarning).
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  callWithin,
  guardOAuth,
  OAuthCancelledError,
  OAuthTimeoutError,
} from '../../electron/monitor/mcp/fetch-wrappers';

let server: Server;
let origin: string;
const open = new Set<ServerResponse>();

beforeEach(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/silent') {
      open.add(res);
      return;
    }
    if (path === '/trickle') {
      open.add(res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: origin, token_endpoint: `${origin}/token` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const res of open) res.destroy();
  open.clear();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const base = (url: string | URL, init?: RequestInit) => fetch(url, init);

function captureWarnings(): { warnings: string[]; stop: () => void } {
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  return { warnings, stop: () => process.off('warning', onWarning) };
}

describe('OAuth requests within the call timeout', () => {
  it('200 back-to-back calls leave no listener on the stop signal and no warning', async () => {
    const stop = new AbortController();
    const fetchFn = guardOAuth({
      serverUrl: `${origin}/mcp`,
      timeoutMs: 2000,
      signal: stop.signal,
    })(base);
    const { warnings, stop: stopCapture } = captureWarnings();
    try {
      for (let i = 0; i < 200; i++) {
        const res = await fetchFn(`${origin}/.well-known/oauth-authorization-server`, {});
        expect(res.status).toBe(200);
        await res.json();
      }
      // Timed-out calls, several at once, clean up too.
      const stalled = await Promise.allSettled(
        Array.from({ length: 15 }, () =>
          callWithin(base, `${origin}/silent`, {}, { timeoutMs: 200, signal: stop.signal }),
        ),
      );
      expect(stalled.every((r) => r.status === 'rejected')).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
      expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    } finally {
      stopCapture();
    }
  });

  it('a silent or trickling answer fails within the timeout, naming the request', async () => {
    for (const path of ['/silent', '/trickle']) {
      const started = Date.now();
      const error = await callWithin(
        base,
        `${origin}${path}`,
        { method: 'POST' },
        {
          timeoutMs: 300,
        },
      ).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(OAuthTimeoutError);
      expect((error as Error).message).toBe(
        `CrossTrade's sign-in server did not answer within 300 ms (POST ${path}).`,
      );
    }
  });

  it('the stop signal ends a pending request at once', async () => {
    const stop = new AbortController();
    const pending = callWithin(base, `${origin}/silent`, undefined, {
      timeoutMs: 60_000,
      signal: stop.signal,
    }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    stop.abort();
    expect(await pending).toBeInstanceOf(OAuthCancelledError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });
});
