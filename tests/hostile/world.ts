// What most hostile tests share: a hostile server, a state folder and engines on it, all closed
// after each test, and a rule that tampers with one field of the real token answer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import type { EngineOptions, MonitorEngine } from '../../electron/monitor/engine-types';
import type { SimulatorOptions } from '../../simulator/index';
import { startHostileServer, type HostileRule, type HostileServer } from './server';

export const TOKEN_PATH = '/v1/oauth/mcp/token';

/** Lets the simulator answer the token request, then edits the tokens it issued. */
export function tamperTokens(
  server: () => HostileServer,
  edit: (body: Record<string, unknown>) => void,
): HostileRule {
  return async (req, res) => {
    if (req.path !== TOKEN_PATH) return false;
    const answer = await server().upstream(req);
    let text = answer.body;
    if (answer.status >= 200 && answer.status < 300) {
      const json = JSON.parse(answer.body) as Record<string, unknown>;
      edit(json);
      text = JSON.stringify(json);
    }
    res.writeHead(answer.status, { 'content-type': answer.type || 'application/json' });
    res.end(text);
    return true;
  };
}

export interface HostileWorld {
  /** Starts the hostile server for this test (closed after it). */
  start(rules?: HostileRule[], simulator?: SimulatorOptions): Promise<HostileServer>;
  /** A folder for this test's state (removed after it). */
  dir(): Promise<string>;
  /** An engine on the server, in memory, closed after the test; signed in unless told not to. */
  engine(
    server: HostileServer,
    options?: Partial<EngineOptions> & { signIn?: boolean },
  ): Promise<MonitorEngine>;
}

/** Call once at the top of a test file. */
export function useHostileWorld(prefix = 'hostile-'): HostileWorld {
  const servers: HostileServer[] = [];
  const engines: MonitorEngine[] = [];
  let folder: string | undefined;
  afterEach(async () => {
    await Promise.all(engines.splice(0).map((engine) => engine.stop()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    if (folder) await rm(folder, { recursive: true, force: true });
    folder = undefined;
  });
  const world: HostileWorld = {
    async start(rules = [], simulator) {
      const server = await startHostileServer({ rules, ...(simulator ? { simulator } : {}) });
      servers.push(server);
      return server;
    },
    async dir() {
      folder ??= await mkdtemp(join(tmpdir(), prefix));
      return folder;
    },
    async engine(server, { signIn = true, ...options } = {}) {
      const engine = createEngine({
        serverUrl: server.url,
        tokenStore: new MemoryTokenStore(),
        stateDir: await world.dir(),
        nt8ProcessCheck: async () => 'unknown',
        ...options,
      });
      engines.push(engine);
      if (signIn) await engine.signIn({ openUrl: autoConsent() });
      return engine;
    },
  };
  return world;
}
