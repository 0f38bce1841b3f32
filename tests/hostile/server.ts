// A deliberately hostile CrossTrade: a loopback reverse proxy in front of the real simulator that
// lets a test replace any one exchange (the token endpoint, a discovery document, one tool's
// answer) with something a broken or malicious server could send: silence, a trickle, a huge or
// deeply nested body, a redirect, HTML, control characters. Everything a rule does not claim is
// forwarded to the simulator, with the simulator's origin rewritten to the proxy's own so that
// discovery, registration and tokens keep flowing through here.
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startSimulator } from '../../simulator/index';
import type { Simulator, SimulatorOptions } from '../../simulator/index';

/** One request as a rule sees it: the body is read whole first (requests here are small). */
export interface HostileRequest {
  method: string;
  /** Path without the query. */
  path: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  /** The JSON-RPC method and, for tools/call, the tool name, when the body is JSON-RPC. */
  rpcMethod?: string;
  toolName?: string;
  rpcId?: string | number;
}

/**
 * Answers a request itself (return true) or lets it through (return false). `res` is the raw
 * response: a rule may stall, trickle, destroy the socket or write any bytes it likes.
 */
export type HostileRule = (
  req: HostileRequest,
  res: ServerResponse,
  forward: () => Promise<void>,
) => boolean | Promise<boolean>;

export interface HostileServer {
  /** The MCP URL clients should use (the proxy's origin, the simulator's path). */
  url: string;
  origin: string;
  simulator: Simulator;
  /** Rules are tried in order; the first that answers wins. Replace them at any time. */
  rules: HostileRule[];
  /** Requests seen, by `METHOD /path` (rules and forwards alike). */
  seen: string[];
  /**
   * Sends `req` on to the simulator and returns its answer (origins already rewritten) without
   * writing it, so a rule can tamper with one field of a real answer.
   */
  upstream(req: HostileRequest): Promise<{ status: number; type: string; body: string }>;
  close(): Promise<void>;
}

function rpcInfo(body: string): Pick<HostileRequest, 'rpcMethod' | 'toolName' | 'rpcId'> {
  try {
    const parsed = JSON.parse(body) as {
      method?: unknown;
      id?: unknown;
      params?: { name?: unknown };
    };
    const info: Pick<HostileRequest, 'rpcMethod' | 'toolName' | 'rpcId'> = {};
    if (typeof parsed.method === 'string') info.rpcMethod = parsed.method;
    if (typeof parsed.params?.name === 'string') info.toolName = parsed.params.name;
    if (typeof parsed.id === 'string' || typeof parsed.id === 'number') info.rpcId = parsed.id;
    return info;
  } catch {
    return {};
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the simulator and the hostile proxy in front of it, both on 127.0.0.1. */
export async function startHostileServer(
  options: { simulator?: SimulatorOptions; rules?: HostileRule[] } = {},
): Promise<HostileServer> {
  const simulator = await startSimulator(options.simulator ?? {});
  const upstream = new URL(simulator.url);
  const sockets = new Set<Socket>();
  let origin = '';
  const state: { rules: HostileRule[]; seen: string[] } = {
    rules: options.rules ?? [],
    seen: [],
  };

  /** Swaps one origin for another, raw and URL-encoded (a `resource` or `iss` parameter). */
  const swap = (text: string, from: string, to: string) =>
    text.split(from).join(to).split(encodeURIComponent(from)).join(encodeURIComponent(to));

  const forwardTo = (req: IncomingMessage, rawBody: string, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      // What the client names (the RFC 8707 `resource`, a redirect's target) is the proxy's
      // origin; the simulator checks them against its own.
      const body = swap(rawBody, origin, upstream.origin);
      const headers = { ...req.headers, host: upstream.host };
      delete headers['content-length'];
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: swap(req.url ?? '/', origin, upstream.origin),
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (answer) => {
          const type = String(answer.headers['content-type'] ?? '');
          const rewrite = (text: string) => swap(text, upstream.origin, origin);
          const responseHeaders = { ...answer.headers };
          for (const key of ['www-authenticate', 'location'] as const) {
            const value = responseHeaders[key];
            if (typeof value === 'string') responseHeaders[key] = rewrite(value);
          }
          if (/json/.test(type)) {
            // Discovery documents name absolute URLs: point them at the proxy.
            void readBody(answer).then((text) => {
              const rewritten = rewrite(text);
              delete responseHeaders['content-length'];
              res.writeHead(answer.statusCode ?? 502, {
                ...responseHeaders,
                'content-length': Buffer.byteLength(rewritten),
              });
              res.end(rewritten);
              resolve();
            });
            return;
          }
          res.writeHead(answer.statusCode ?? 502, responseHeaders);
          answer.pipe(res);
          answer.on('end', () => resolve());
          answer.on('error', () => resolve());
        },
      );
      out.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
        resolve();
      });
      out.end(body);
    });

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', origin);
      const hostile: HostileRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        url,
        headers: req.headers,
        body,
        ...rpcInfo(body),
      };
      state.seen.push(`${hostile.method} ${hostile.path}`);
      const forward = () => forwardTo(req, body, res);
      for (const rule of state.rules) {
        if (await rule(hostile, res, forward)) return;
      }
      await forward();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}${upstream.pathname}`,
    origin,
    simulator,
    get rules() {
      return state.rules;
    },
    set rules(next: HostileRule[]) {
      state.rules = next;
    },
    seen: state.seen,
    async upstream(req) {
      const answer = await fetch(
        `${upstream.origin}${swap(`${req.url.pathname}${req.url.search}`, origin, upstream.origin)}`,
        {
          method: req.method,
          headers: Object.fromEntries(
            Object.entries(req.headers).flatMap(([key, value]) =>
              typeof value === 'string' && !['host', 'content-length', 'connection'].includes(key)
                ? [[key, swap(value, origin, upstream.origin)]]
                : [],
            ),
          ),
          redirect: 'manual',
          ...(req.method === 'GET' || req.method === 'HEAD'
            ? {}
            : { body: swap(req.body, origin, upstream.origin) }),
        },
      );
      return {
        status: answer.status,
        type: answer.headers.get('content-type') ?? '',
        body: swap(await answer.text(), upstream.origin, origin),
      };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
}

/** Answers one JSON-RPC request with `result` (a tool result or anything else) as plain JSON. */
export function rpcResult(req: HostileRequest, res: ServerResponse, result: unknown): void {
  const text = JSON.stringify({ jsonrpc: '2.0', id: req.rpcId ?? null, result });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(text);
}
