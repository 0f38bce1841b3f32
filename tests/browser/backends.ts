// BridgeBackends for the browser harness.
// - createEngineBackend: the REAL engine (electron/monitor) against the simulator, composed into
//   AppState the way electron/shell.ts does, with auto-consent in place of the system browser.
// - createFixtureBackend: a fixed AppState that answers like main, for what the simulator cannot
//   show (history, secret-storage fallbacks) and for keyboard and layout checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import type { EngineTiming, MonitorEngine } from '../../electron/monitor/engine-types';
import type {
  ActionResult,
  AppState,
  ExternalLink,
  InvokeChannel,
  InvokeContract,
  PauseRequest,
  SecretStorage,
} from '../../shared/ipc';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { startSimulator, type ScenarioName, type Simulator } from '../../simulator/index';
import type { BridgeBackend } from './harness';

type Handlers = {
  [C in InvokeChannel]: (
    request: InvokeContract[C]['request'],
  ) => Promise<InvokeContract[C]['response']>;
};

function backendOf(handlers: Handlers, subscribe: BridgeBackend['subscribe']): BridgeBackend {
  return {
    invoke: (channel, request) => handlers[channel](request),
    subscribe,
  };
}

function pauseUntil(request: PauseRequest, now: number): string {
  if ('minutes' in request) return new Date(now + request.minutes * 60_000).toISOString();
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(8, 0, 0, 0);
  return tomorrow.toISOString();
}

/** What a backend records of the actions main would perform outside the window. */
export interface Effects {
  externalLinks: ExternalLink[];
  /** The last text "copied" by Copy safe diagnostics. */
  clipboard: string | undefined;
}

// ── Real engine ─────────────────────────────────────────────────────────────

export interface EngineBackend extends BridgeBackend, Effects {
  readonly state: AppState;
  /** How many check-now requests have finished (the engine's check included). */
  checksAnswered: number;
}

export interface EngineBackendOptions {
  engine: MonitorEngine;
  settings?: Settings;
  secretStorage?: SecretStorage;
  appVersion?: string;
}

/** Mirrors electron/shell.ts: engine events → AppState → pushes; IPC channels → engine calls. */
export function createEngineBackend(options: EngineBackendOptions): EngineBackend {
  const { engine } = options;
  const listeners = new Set<(state: AppState) => void>();
  let state: AppState = {
    snapshot: engine.snapshot,
    checking: engine.checking,
    ...(engine.nextCheckAt ? { nextCheckAt: engine.nextCheckAt } : {}),
    history: engine.history(),
    settings: options.settings ?? { ...DEFAULT_SETTINGS, mcpUrl: engine.snapshot.serverUrl },
    secretStorage: options.secretStorage ?? 'encrypted',
    signIn: { state: 'idle' },
    appVersion: options.appVersion ?? '0.1.0',
  };
  const update = (patch: Partial<AppState>) => {
    state = { ...state, ...patch };
    for (const listener of [...listeners]) listener(state);
  };
  engine.on('snapshot', (snapshot) => update({ snapshot, history: engine.history() }));
  engine.on('schedule', ({ checking, nextCheckAt }) => update({ checking, nextCheckAt }));

  const backend: EngineBackend = {
    get state() {
      return state;
    },
    checksAnswered: 0,
    externalLinks: [],
    clipboard: undefined,
    ...backendOf(
      {
        'monitor:get-state': async () => state,
        'monitor:check-now': async () => {
          await engine.checkNow();
          backend.checksAnswered += 1;
        },
        'monitor:sign-in': async (): Promise<ActionResult> => {
          update({ signIn: { state: 'waiting' } });
          try {
            await engine.signIn({ openUrl: autoConsent() });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            update({ signIn: { state: 'failed', message } });
            return { ok: false, error: message };
          }
          update({ signIn: { state: 'idle' } });
          return { ok: true };
        },
        'monitor:sign-out': async () => {
          await engine.signOut();
          return { ok: true };
        },
        'monitor:pause-notifications': async (request) => {
          update({ notificationsPausedUntil: pauseUntil(request, Date.now()) });
        },
        'monitor:resume-notifications': async () => {
          update({ notificationsPausedUntil: undefined });
        },
        'monitor:open-external': async (link) => {
          backend.externalLinks.push(link);
          return { ok: true };
        },
        'monitor:copy-diagnostics': async () => {
          backend.clipboard = (await engine.report()).text;
          return { ok: true };
        },
        'monitor:get-settings': async () => state.settings,
        'monitor:set-settings': async (patch) => {
          const result = applySettingsPatch(state.settings, patch);
          if (result.ok) {
            engine.configure({
              serverUrl: result.settings.mcpUrl,
              intervalSec: result.settings.intervalSec,
            });
            update({ settings: result.settings });
          }
          return result;
        },
      },
      (push) => {
        listeners.add(push);
        return () => {
          listeners.delete(push);
        };
      },
    ),
  };
  return backend;
}

/** Long enough that the scheduler never fires during a test: only Check now runs checks. */
const QUIET_TIMING: Partial<EngineTiming> = {
  intervalMs: 30 * 60_000,
  errorRecheckMs: 30 * 60_000,
  backoffCapMs: 30 * 60_000,
  resumeDelayMs: 30 * 60_000,
};

export interface EngineWorld {
  sim: Simulator;
  engine: MonitorEngine;
  backend: EngineBackend;
  /** GetMcpCapabilities calls the simulator counted: every check makes exactly one. */
  checksSeen(): number;
  stop(): Promise<void>;
}

/**
 * A simulator and the real engine pointed at it. With `signIn`, the engine signs in by
 * auto-consent (as `doctor --auto-consent` does), then the scenario is switched on and checked
 * once, so the window opens on that scenario's state.
 */
export async function startEngineWorld(
  scenario: ScenarioName,
  {
    signIn = true,
    timing = QUIET_TIMING,
  }: {
    signIn?: boolean;
    /** The engine's timing; `{}` is the product's own (a check every 30 s). */
    timing?: Partial<EngineTiming>;
  } = {},
): Promise<EngineWorld> {
  const sim = await startSimulator();
  const stateDir = mkdtempSync(join(tmpdir(), 'crosstrade-engine-'));
  const engine = createEngine({
    serverUrl: sim.url,
    tokenStore: new MemoryTokenStore(),
    stateDir,
    nt8ProcessCheck: async () => 'unknown',
    timing,
  });
  const backend = createEngineBackend({ engine });
  engine.start();
  if (signIn) await engine.signIn({ openUrl: autoConsent() });
  sim.setScenario(scenario);
  await engine.checkNow();
  return {
    sim,
    engine,
    backend,
    checksSeen: () => sim.stats().toolCalls['GetMcpCapabilities'] ?? 0,
    async stop() {
      await engine.stop();
      await sim.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

// ── Fixtures ────────────────────────────────────────────────────────────────

export interface FixtureBackend extends BridgeBackend, Effects {
  readonly state: AppState;
  checks: number;
  /** Replaces the state and pushes it, as main does after a change. */
  setState(state: AppState): void;
}

/** Answers like main over a fixed AppState; Check now re-stamps the snapshot as a fresh check. */
export function createFixtureBackend(initial: AppState): FixtureBackend {
  const listeners = new Set<(state: AppState) => void>();
  let state = initial;
  const setState = (next: AppState) => {
    state = next;
    for (const listener of [...listeners]) listener(state);
  };
  const ok: ActionResult = { ok: true };
  const backend: FixtureBackend = {
    get state() {
      return state;
    },
    checks: 0,
    externalLinks: [],
    clipboard: undefined,
    setState,
    ...backendOf(
      {
        'monitor:get-state': async () => state,
        'monitor:check-now': async () => {
          backend.checks += 1;
          setState({ ...state, checking: true });
          const now = Date.now();
          setState({
            ...state,
            checking: false,
            snapshot: { ...state.snapshot, checkedAt: new Date(now).toISOString() },
            nextCheckAt: new Date(now + state.settings.intervalSec * 1000).toISOString(),
          });
        },
        'monitor:sign-in': async () => ok,
        'monitor:sign-out': async () => ok,
        'monitor:pause-notifications': async (request) => {
          setState({ ...state, notificationsPausedUntil: pauseUntil(request, Date.now()) });
        },
        'monitor:resume-notifications': async () => {
          setState({ ...state, notificationsPausedUntil: undefined });
        },
        'monitor:open-external': async (link) => {
          backend.externalLinks.push(link);
          return ok;
        },
        'monitor:copy-diagnostics': async () => {
          backend.clipboard = 'CrossTrade MCP Monitor diagnostics (fixture)';
          return ok;
        },
        'monitor:get-settings': async () => state.settings,
        'monitor:set-settings': async (patch) => {
          const result = applySettingsPatch(state.settings, patch);
          if (result.ok) setState({ ...state, settings: result.settings });
          return result;
        },
      },
      (push) => {
        listeners.add(push);
        return () => {
          listeners.delete(push);
        };
      },
    ),
  };
  return backend;
}
