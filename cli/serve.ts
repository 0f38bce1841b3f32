// `doctor serve`: the engine running for weeks on a VPS or server, with its state on HTTP for
// Prometheus (/metrics), a liveness probe (/healthz) and scripts (/status, the --json object).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HealthSnapshot } from '../shared/health';
import type { MonitorEngine } from '../electron/monitor/engine-types';
import type { ListenAddress } from './args';
import { snapshotJson } from './format';
import { createServeMetrics } from './metrics';

export interface ServeOptions {
  engine: MonitorEngine;
  /** The first check's snapshot (already taken, signed in when it could be). */
  first: HealthSnapshot;
  listen: ListenAddress;
  label?: string;
  /** Ends the service (SIGTERM, Ctrl-C). */
  signal?: AbortSignal;
  /** Told once the listener is up, with the real port (for --listen …:0). */
  onListening?: (address: ListenAddress) => void;
  /** One line per finished check (stderr in doctor). */
  log?: (line: string) => void;
}

export interface RunningService {
  address: ListenAddress;
  /** Closes the listener; the caller stops the engine. */
  close(): Promise<void>;
}

/** Starts the HTTP side and the engine's schedule; returns once listening. */
export async function startService(options: ServeOptions): Promise<RunningService> {
  const { engine } = options;
  const metrics = createServeMetrics(options.label !== undefined ? { label: options.label } : {});
  let latest = options.first;
  metrics.observe(latest);
  const off = engine.on('snapshot', (snapshot) => {
    if (snapshot.status !== 'checked') return;
    latest = snapshot;
    metrics.observe(snapshot);
    options.log?.(`${snapshot.checkedAt} ${snapshot.level}`);
  });

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'text/plain; charset=utf-8', 'Only GET.\n');
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => send(200, metrics.registry.contentType, text),
        () => send(500, 'text/plain; charset=utf-8', 'Metrics failed.\n'),
      );
    } else if (path === '/healthz') {
      send(200, 'text/plain; charset=utf-8', 'ok\n');
    } else if (path === '/status') {
      const body = { ...snapshotJson(latest), ...(options.label ? { label: options.label } : {}) };
      send(200, 'application/json', JSON.stringify(body));
    } else {
      send(404, 'text/plain; charset=utf-8', 'Try /metrics, /healthz or /status.\n');
    }
  });
  // A scraper that keeps a connection open must not hold the service at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = { host: options.listen.host, port: bound.port };
  options.onListening?.(address);
  engine.start();
  return {
    address,
    close: async () => {
      off();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs until the signal: the scheduler's checks, the HTTP side, then a clean close. */
export async function serveUntilStopped(options: ServeOptions): Promise<void> {
  const service = await startService(options);
  // The engine's timers are unref'd; serving is this process's whole job.
  const keepAlive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) resolve();
    else options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(keepAlive);
  await service.close();
}
