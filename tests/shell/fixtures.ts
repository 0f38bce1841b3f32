// Small, real-looking snapshots and transitions for the shell's tests, and a fake engine that
// implements the MonitorEngine interface of electron/monitor/engine-types.ts.
import { vi } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import type { HealthSnapshot, Level, Problem, ProblemId, TokenStatus } from '../../shared/health';
import type { HistorySummary } from '../../shared/history';
import type {
  EngineEvents,
  EngineOptions,
  ExtraCheckDecision,
  MonitorEngine,
  SignInOptions,
  SupportReport,
  Transition,
} from '../../electron/monitor/engine-types';

export const CHECKED_AT = '2026-11-25T17:45:00.000Z';
export const CHECKED_AT_MS = Date.parse(CHECKED_AT);

export const SIGNED_IN: TokenStatus = {
  state: 'signed_in',
  scope: 'mcp:read',
  refreshTokenPresent: true,
};

export function problem(id: ProblemId, cause = 'Seen in this check.'): Problem {
  const entry = CATALOG[id];
  return { id, level: entry.level, title: entry.title, cause, steps: entry.steps };
}

export function snapshot(
  level: Level,
  problemIds: ProblemId[] = [],
  overrides: Partial<HealthSnapshot> = {},
): HealthSnapshot {
  return {
    level,
    problems: problemIds.map((id) => problem(id)),
    status: 'checked',
    checkedAt: CHECKED_AT,
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    latencyMs: 84,
    token: problemIds.includes('signed_out')
      ? { state: 'signed_out', refreshTokenPresent: false }
      : SIGNED_IN,
    nt8Process: 'unknown',
    ...overrides,
  };
}

export const HEALTHY = snapshot('ok', [], {
  capabilities: {
    addonVersion: '1.13.0',
    nt8Version: '8.1.6.3',
    features: ['backtest'],
    warnings: [],
    extra: {},
  },
});
export const ADDON_DOWN = snapshot('error', ['addon_disconnected']);
export const TOKEN_BAD = snapshot('error', ['token_invalid'], {
  token: { state: 'rejected', refreshTokenPresent: true, rejectedReason: 'invalid_token' },
});
export const SIGNED_OUT = snapshot('unknown', ['signed_out']);

export function outdated(version: string): HealthSnapshot {
  return snapshot('warning', ['addon_outdated'], {
    capabilities: { addonVersion: version, features: [], warnings: [], extra: {} },
  });
}

export function transition(
  previous: HealthSnapshot,
  next: HealthSnapshot,
  notifyWorthy = true,
): Transition {
  const before = new Set(previous.problems.map((p) => p.id));
  const after = new Set(next.problems.map((p) => p.id));
  const added = [...after].filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !after.has(id));
  const kind: Transition['kind'] =
    added.length > 0 ? 'broken' : next.level === 'ok' ? 'fixed' : 'changed';
  return {
    from: previous.level,
    to: next.level,
    previous,
    snapshot: next,
    added,
    removed,
    kind,
    notifyWorthy,
  };
}

export const EMPTY_HISTORY: HistorySummary = { points: [], incidents: [], uptime24h: null };

type Listeners = { [E in keyof EngineEvents]: Set<EngineEvents[E]> };

/** A MonitorEngine whose events the test fires by hand; every command is a spy. */
export class FakeEngine implements MonitorEngine {
  snapshot: HealthSnapshot = snapshot('unknown', [], { status: 'pending', problems: [] });
  checking = false;
  nextCheckAt: string | undefined = undefined;
  readonly options: EngineOptions | undefined;
  private readonly listeners: Listeners = {
    snapshot: new Set(),
    transition: new Set(),
    schedule: new Set(),
  };

  constructor(options?: EngineOptions) {
    this.options = options;
  }

  start = vi.fn();
  stop = vi.fn(async () => {});
  checkNow = vi.fn(async () => this.snapshot);
  requestCheck = vi.fn((_reason: string): ExtraCheckDecision => 'now');
  pause = vi.fn();
  resume = vi.fn();
  signIn = vi.fn(async (options: SignInOptions) => {
    await options.openUrl('https://app.crosstrade.io/oauth/authorize?client_id=abc');
  });
  signOut = vi.fn(async () => {});
  configure = vi.fn();
  history = vi.fn(() => EMPTY_HISTORY);
  report = vi.fn(async (): Promise<SupportReport> => ({
    text: 'CrossTrade MCP Monitor report\nlevel: ok',
    json: {},
  }));

  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void {
    const set = this.listeners[event] as Set<EngineEvents[E]>;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emitSnapshot(next: HealthSnapshot): void {
    this.snapshot = next;
    for (const listener of this.listeners.snapshot) listener(next);
  }

  emitTransition(next: Transition): void {
    this.snapshot = next.snapshot;
    for (const listener of this.listeners.snapshot) listener(next.snapshot);
    for (const listener of this.listeners.transition) listener(next);
  }

  emitSchedule(state: { checking: boolean; nextCheckAt?: string }): void {
    this.checking = state.checking;
    this.nextCheckAt = state.nextCheckAt;
    for (const listener of this.listeners.schedule) listener(state);
  }

  listenerCount(): number {
    return (
      this.listeners.snapshot.size + this.listeners.transition.size + this.listeners.schedule.size
    );
  }
}
