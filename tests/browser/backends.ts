// BridgeBackends for the browser harness, answering with main's REAL handler table
// (electron/handlers/invoke-handlers.ts) over the real AppState store, pause controller and
// sign-in controller; only what needs Electron (the browser, the clipboard) is recorded instead.
// - createEngineBackend: the REAL engine (electron/monitor) against the simulator, composed the
//   way electron/app-root.ts does, with auto-consent in place of the system browser.
// - createFixtureBackend: a fixed AppState that answers like main, for what the simulator cannot
//   show (history, secret-storage fallbacks) and for keyboard and layout checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppStateStore } from '../../electron/app-state';
import { PauseController } from '../../electron/controllers/pause';
import { createInvokeHandlers } from '../../electron/handlers/invoke-handlers';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import type { EngineTiming, MonitorEngine } from '../../electron/monitor/engine-types';
import { SignInController } from '../../electron/sign-in';
import type { AppState, ExternalLink, SecretStorage } from '../../shared/ipc';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsResult,
} from '../../shared/settings';
import { startSimulator, type ScenarioName, type Simulator } from '../../simulator/index';
import type { BridgeBackend } from './harness';

/** What a backend records of the actions main would perform outside the window. */
export interface Effects {
  externalLinks: ExternalLink[];
  /** The last text "copied" by Copy safe diagnostics. */
  clipboard: string | undefined;
}

const quiet = () => {};

/** Settings in memory, validated like SettingsStore (same patch rules), with a change hook. */
function memorySettings(initial: Settings, onChange: (next: Settings) => void) {
  let current = initial;
  return {
    get: () => current,
    update(patch: unknown): SettingsResult {
      const result = applySettingsPatch(current, patch);
      if (result.ok) {
        current = result.settings;
        onChange(current);
      }
      return result;
    },
  };
}

/** The pause controller with nothing saved, feeding AppState like app-root.ts. */
function pauseFor(state: AppStateStore): PauseController {
  const pause = new PauseController({ saved: undefined, save: quiet });
  pause.subscribe((notificationsPausedUntil) => state.update({ notificationsPausedUntil }));
  return pause;
}

function subscribeTo(state: AppStateStore): BridgeBackend['subscribe'] {
  return (push) => state.subscribe(push);
}

// ── Real engine ─────────────────────────────────────────────────────────────

export interface EngineBackend extends BridgeBackend, Effects {
  readonly state: AppState;
  /** How many check-now requests have finished (the engine's check included). */
  checksAnswered: number;
}

export interface EngineBackendOptions {
  engine: MonitorEngine;
  secretStorage?: SecretStorage;
  appVersion?: string;
}

/** Composed like electron/app-root.ts: engine events → AppState → pushes; IPC → handlers. */
export function createEngineBackend(options: EngineBackendOptions): EngineBackend {
  const { engine } = options;
  const state = new AppStateStore({
    snapshot: engine.snapshot,
    checking: engine.checking,
    ...(engine.nextCheckAt ? { nextCheckAt: engine.nextCheckAt } : {}),
    history: engine.history(),
    settings: { ...DEFAULT_SETTINGS, mcpUrl: engine.snapshot.serverUrl },
    secretStorage: options.secretStorage ?? 'encrypted',
    signIn: { state: 'idle' },
    appVersion: options.appVersion ?? '0.1.0',
    notices: [],
  });
  engine.on('snapshot', (snapshot) => state.update({ snapshot, history: engine.history() }));
  engine.on('schedule', ({ checking, nextCheckAt }) => state.update({ checking, nextCheckAt }));
  const settings = memorySettings(state.get().settings, (next) => {
    engine.configure({
      serverUrl: next.mcpUrl,
      intervalSec: next.intervalSec,
      nt8Location: next.nt8Location,
      tradingHours: next.tradingHours,
    });
    state.update({ settings: next });
  });
  const signIn = new SignInController({
    engine,
    onState: (signInState) => state.update({ signIn: signInState }),
    openUrl: autoConsent(),
    log: quiet,
  });

  const backend: EngineBackend = {
    get state() {
      return state.get();
    },
    checksAnswered: 0,
    externalLinks: [],
    clipboard: undefined,
    handlers: createInvokeHandlers({
      state,
      checkNow: async () => {
        await engine.checkNow();
        backend.checksAnswered += 1;
      },
      signIn,
      pause: pauseFor(state),
      settings,
      report: (incident) => engine.report(incident),
      openExternal: async (link) => {
        backend.externalLinks.push(link);
        return { ok: true };
      },
      writeClipboard: (text) => {
        backend.clipboard = text;
      },
    }),
    subscribe: subscribeTo(state),
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
  const state = new AppStateStore({ ...initial, notices: initial.notices ?? [] });
  const setState = (next: AppState) => {
    // A replacement, not a merge: fields the new state leaves out are cleared.
    const cleared = Object.fromEntries(Object.keys(state.get()).map((key) => [key, undefined]));
    state.update({ ...cleared, ...next, notices: next.notices ?? [] });
  };
  const settings = memorySettings(initial.settings, (next) => state.update({ settings: next }));
  const backend: FixtureBackend = {
    get state() {
      return state.get();
    },
    checks: 0,
    externalLinks: [],
    clipboard: undefined,
    setState,
    handlers: createInvokeHandlers({
      state,
      checkNow: async () => {
        backend.checks += 1;
        state.update({ checking: true });
        const now = Date.now();
        const current = state.get();
        state.update({
          checking: false,
          snapshot: { ...current.snapshot, checkedAt: new Date(now).toISOString() },
          nextCheckAt: new Date(now + current.settings.intervalSec * 1000).toISOString(),
        });
      },
      signIn: { signIn: async () => ({ ok: true }), signOut: async () => ({ ok: true }) },
      pause: pauseFor(state),
      settings,
      report: async () => ({ text: 'CrossTrade MCP Monitor diagnostics (fixture)' }),
      openExternal: async (link) => {
        backend.externalLinks.push(link);
        return { ok: true };
      },
      writeClipboard: (text) => {
        backend.clipboard = text;
      },
    }),
    subscribe: subscribeTo(state),
  };
  return backend;
}
