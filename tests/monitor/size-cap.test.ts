// The 1 MB response cap against a real loopback server: answers under the cap arrive as sent
// (status, headers, redirect target, an SSE stream event by event); answers over it are refused.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capResponseSize,
  RESPONSE_TOO_LARGE_CODE,
  responseTooLarge,
} from '../../electron/monitor/mcp/size-cap';

let server: Server;
let origin: string;
/** Resolves the open SSE stream's second event. */
let releaseSecond: () => void = () => undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-kept': 'yes' });
      res.end('{"ok":true}');
    } else if (req.url === '/empty') {
      res.writeHead(204);
      res.end();
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/json', 'content-type': 'text/html' });
      res.end('<a href="/json">moved</a>');
    } else if (req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: message\ndata: {"n":1}\n\n');
      releaseSecond = () => res.end('event: message\ndata: {"n":2}\n\n');
    } else if (req.url === '/big-sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${'x'.repeat(3000)}\n\n`);
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('y'.repeat(3000));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A 2 kB cap, so small answers can exceed it. */
const capped = capResponseSize(2048)((url, init) => fetch(url, init));

describe('capResponseSize', () => {
  it('passes an answer under the cap through unchanged', async () => {
    const res = await capped(`${origin}/json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-kept')).toBe('yes');
    expect(res.url).toBe(`${origin}/json`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('passes a bodiless answer and an unfollowed redirect through', async () => {
    expect((await capped(`${origin}/empty`)).status).toBe(204);
    const moved = await capped(`${origin}/moved`, { redirect: 'manual' });
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe('/json');
  });

  it('refuses a complete answer past the cap', async () => {
    const error: unknown = await capped(`${origin}/plain`).catch((e: unknown) => e);
    expect(responseTooLarge(error)?.message).toBe(
      'the server sent more than 1 MB; the limit is 1 MB',
    );
  });

  it('streams SSE event by event: the first arrives while the stream is still open', async () => {
    const res = await capped(`${origin}/sse`);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain('{"n":1}');
    releaseSecond();
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += next.value;
    expect(rest).toContain('{"n":2}');
  });

  it('ends an SSE stream past the cap with a JSON-RPC error for the request', async () => {
    const res = await capped(`${origin}/big-sse`, {
      method: 'POST',
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call' }),
    });
    const text = await res.text();
    const last = text.trim().split('\n').at(-1) ?? '';
    expect(JSON.parse(last.replace(/^data: /, ''))).toMatchObject({
      id: 7,
      error: { code: RESPONSE_TOO_LARGE_CODE, data: { responseTooLarge: true } },
    });
    expect(text.length).toBeLessThan(2048 + 300);
  });
});
