// The real engine against the real simulator over real HTTP, with everything it emits captured.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthSnapshot } from '../../shared/health';
import { startSimulator } from '../../simulator/index';
import type { Simulator, SimulatorOptions } from '../../simulator/index';
import type {
  EngineOptions,
  EngineTiming,
  MonitorEngine,
  StoredAuth,
  Transition,
} from '../../electron/monitor/engine-types';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { createEngine } from '../../electron/monitor/engine';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';

/** A MemoryTokenStore that remembers every token it ever held (for canary checks). */
export class RecordingTokenStore extends MemoryTokenStore {
  readonly secrets = new Set<string>();

  override async save(auth: StoredAuth): Promise<void> {
    const tokens = (auth.tokens ?? {}) as { access_token?: unknown; refresh_token?: unknown };
    for (const value of [tokens.access_token, tokens.refresh_token]) {
      if (typeof value === 'string' && value) this.secrets.add(value);
    }
    await super.save(auth);
  }
}

/** Fast timings: checks are driven with checkNow(), nothing waits on a real interval. */
export const FAST: Partial<EngineTiming> = {
  intervalMs: 60_000,
  errorRecheckMs: 60_000,
  resumeDelayMs: 60_000,
  graceMs: 0,
};

export interface World {
  sim: Simulator;
  engine: MonitorEngine;
  store: RecordingTokenStore;
  stateDir: string;
  logs: string[];
  snapshots: HealthSnapshot[];
  transitions: Transition[];
  /** Authorization URLs handed to openUrl (each one is a sign-in prompt). */
  prompts: string[];
  signIn(): Promise<void>;
  /** Every file under stateDir, concatenated. */
  stateFiles(): Promise<string>;
  close(): Promise<void>;
}

export interface WorldOptions {
  sim?: SimulatorOptions;
  engine?: Partial<EngineOptions>;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sim = await startSimulator(options.sim ?? {});
  const stateDir = await mkdtemp(join(tmpdir(), 'monitor-test-'));
  const store = new RecordingTokenStore();
  const logs: string[] = [];
  const snapshots: HealthSnapshot[] = [];
  const transitions: Transition[] = [];
  const prompts: string[] = [];
  const engine = createEngine({
    serverUrl: sim.url,
    tokenStore: store,
    stateDir,
    callTimeoutMs: 1500,
    nt8ProcessCheck: async () => 'unknown',
    log: (level, message) => logs.push(`${level} ${message}`),
    clientVersion: '0.0.0-test',
    timing: FAST,
    ...options.engine,
  });
  engine.on('snapshot', (s) => snapshots.push(s));
  engine.on('transition', (t) => transitions.push(t));
  const consent = autoConsent();
  return {
    sim,
    engine,
    store,
    stateDir,
    logs,
    snapshots,
    transitions,
    prompts,
    signIn: () =>
      engine.signIn({
        openUrl: async (url) => {
          prompts.push(url);
          await consent(url);
        },
      }),
    stateFiles: async () => {
      const texts: string[] = [];
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) await walk(path);
          else texts.push(await readFile(path, 'utf8'));
        }
      };
      await walk(stateDir);
      return texts.join('\n');
    },
    close: async () => {
      await engine.stop();
      await sim.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export function ids(snapshot: HealthSnapshot): string[] {
  return snapshot.problems.map((p) => p.id);
}

/** Requests the simulator has seen, all routes and methods. */
export function totalRequests(sim: Simulator): number {
  return Object.values(sim.stats().requests)
    .flatMap((byMethod) => Object.values(byMethod))
    .reduce((sum, n) => sum + n, 0);
}

export function tokenPosts(sim: Simulator): number {
  return sim.stats().requests['/v1/oauth/mcp/token']?.POST ?? 0;
}
