// Back-to-back requests on one long-lived signal (the SDK hands every request its transport's)
// must not leave a listener on it per request, and cancelling it must still end a stream.
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '@modelcontextprotocol/client';
import { signalPerCall } from '../../electron/monitor/mcp/fetch-wrappers';

let server: Server;
let url: string;
const realFetch: FetchLike = (input, init) => fetch(input, init);

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/stream') {
      // An SSE answer that never ends, like a hanging tool call.
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function callsOn(fetchFn: FetchLike, signal: AbortSignal, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const res = await fetchFn(`${url}/answer`, { method: 'POST', body: '{}', signal });
    expect(await res.json()).toEqual({ ok: true });
  }
}

describe('signalPerCall', () => {
  it('leaves no listener on the caller signal once the calls are read', async () => {
    const longLived = new AbortController();
    await callsOn(signalPerCall()(realFetch), longLived.signal, 300);
    expect(getEventListeners(longLived.signal, 'abort')).toHaveLength(0);
  });

  it('is needed: plain fetch leaves a listener per call on the caller signal', async () => {
    const longLived = new AbortController();
    await callsOn(realFetch, longLived.signal, 50);
    expect(getEventListeners(longLived.signal, 'abort').length).toBeGreaterThanOrEqual(50);
  });

  it('keeps one shared listener while many streams are open, and aborting ends each', async () => {
    const longLived = new AbortController();
    const fetchFn = signalPerCall()(realFetch);
    const streams = await Promise.all(
      Array.from({ length: 20 }, () => fetchFn(`${url}/stream`, { signal: longLived.signal })),
    );
    expect(getEventListeners(longLived.signal, 'abort')).toHaveLength(1);
    const reads = streams.map(async (res) => {
      const reader = res.body!.getReader();
      for (;;) await reader.read();
    });
    longLived.abort();
    for (const read of reads) await expect(read).rejects.toThrow();
    expect(getEventListeners(longLived.signal, 'abort')).toHaveLength(0);
  });
});
