// createEngine(): wires the probe, diagnose, the monitor (damping), history and the scheduler into
// the MonitorEngine the desktop app, the doctor CLI and the tests drive.
import { CATALOG } from '../../shared/catalog';
import { diagnose } from '../../shared/diagnose';
import { TOOL } from '../../shared/mcp-tools';
import type { CallOutcome, CallRecord, HealthSnapshot, Observation } from '../../shared/health';
import type { HistorySummary } from '../../shared/history';
import { MCP_CLIENT_NAME } from '../../shared/product';
import { MAX_INTERVAL_SEC, MIN_INTERVAL_SEC } from '../../shared/settings';
import type {
  EngineEvents,
  EngineOptions,
  EngineTiming,
  MonitorEngine,
  Nt8ProcessCheck,
  SignInOptions,
  SupportReport,
} from './engine-types';
import { AuthState } from './auth/auth-state';
import { failedSignIn } from './mcp/classify';
import { createClientStack } from './mcp/connection';
import type { ClientStack } from './mcp/connection';
import type { Recorder } from './mcp/fetch-wrappers';
import { History } from './check/history';
import { redactingLogger, routeSdkWarnings } from './log';
import type { Logger } from './log';
import { SignInCancelledError } from './auth/loopback';
import { DEFAULT_DAMPING, TransitionDamper } from './check/damping';
import { createNt8ProcessCheck } from './check/nt8-process';
import { freshMemory, runProbe } from './check/probe';
import type { ProbeMemory } from './check/probe';
import { buildReport } from './check/report';
import { DEFAULT_TIMING, parseRetryAfter, Scheduler } from './check/scheduler';
import type { Verdict } from './check/scheduler';
import type { McpSession } from './mcp/session';
import { authorize, revokeTokens } from './auth/sign-in';
import type { SignInContext } from './auth/sign-in';
import { signInErrorMessage, SignInError } from './auth/sign-in-error';

export const DEFAULT_CLIENT_NAME = MCP_CLIENT_NAME;
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;
/** How long the OS may take to say whether it is online. */
const ONLINE_CHECK_LIMIT_MS = 2000;
/** Sign-in failures that say something about CrossTrade rather than this computer. */
const SERVER_OUTCOMES: ReadonlySet<CallOutcome> = new Set([
  'auth_error',
  'http_error',
  'network_error',
  'unexpected_content',
  'invalid_result',
]);

interface CheckResult {
  snapshot: HealthSnapshot;
  verdict: Verdict;
}

type Listeners = { [E in keyof EngineEvents]: Set<EngineEvents[E]> };

function clampIntervalSec(sec: number | undefined): number {
  const value = typeof sec === 'number' && Number.isFinite(sec) ? sec : 30;
  return Math.min(MAX_INTERVAL_SEC, Math.max(MIN_INTERVAL_SEC, value));
}

function resolveTiming(options: EngineOptions): EngineTiming {
  return {
    ...DEFAULT_TIMING,
    ...DEFAULT_DAMPING,
    intervalMs: clampIntervalSec(options.intervalSec) * 1000,
    ...options.timing,
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

class Engine implements MonitorEngine {
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly timing: EngineTiming;
  private readonly clientName: string;
  private readonly clientVersion: string;
  private readonly callTimeoutMs: number;
  private readonly authState: AuthState;
  private readonly historyLog: History;
  private readonly damper: TransitionDamper;
  private readonly scheduler: Scheduler<CheckResult>;
  private readonly listeners: Listeners = {
    snapshot: new Set(),
    transition: new Set(),
    schedule: new Set(),
  };
  private readonly unrouteSdk: () => void;

  private serverUrl: string;
  private nt8Check: Nt8ProcessCheck;
  private recorder!: Recorder;
  private stack!: ClientStack;
  private session!: McpSession;
  private memory: ProbeMemory = freshMemory();
  private current: HealthSnapshot;
  private lastChecked: HealthSnapshot | undefined;
  private lastFailure: { call: CallRecord; at: string } | undefined;
  private lastCapabilities: unknown;
  /** Calls made outside a check (a failed sign-in) reported by the next check. */
  private carried: CallRecord[] = [];
  /** The sign-in in progress: a new one cancels it and waits for it to let go of the port. */
  private signingIn: { cancel: AbortController; done: Promise<void> } | undefined;
  private stopped = false;
  /** Aborted by stop(): every pending OAuth request ends with it. */
  private readonly stopping = new AbortController();
  /** Sessions of a previous server URL, still closing. */
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: EngineOptions) {
    this.now = options.now ?? Date.now;
    this.log = redactingLogger(options.log);
    this.timing = resolveTiming(options);
    this.clientName = options.clientName ?? DEFAULT_CLIENT_NAME;
    this.clientVersion = options.clientVersion ?? '0.0.0';
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.serverUrl = options.serverUrl;
    this.nt8Check = options.nt8ProcessCheck ?? createNt8ProcessCheck();
    this.authState = new AuthState(options.tokenStore, this.now, this.log);
    this.historyLog = new History(options.stateDir, this.now, this.log);
    this.damper = new TransitionDamper(this.now, {
      graceMs: this.timing.graceMs,
      holdChecks: this.timing.holdChecks,
      holdMs: this.timing.holdMs,
    });
    this.scheduler = new Scheduler<CheckResult>({
      run: () => this.check(),
      verdict: (result) => result.verdict,
      timing: this.timing,
      now: this.now,
      onChange: (state) => this.emit('schedule', state),
    });
    this.unrouteSdk = routeSdkWarnings(this.log);
    this.buildClient();
    this.current = this.placeholder('pending');
  }

  get snapshot(): HealthSnapshot {
    return this.current;
  }

  get checking(): boolean {
    return this.scheduler.checking;
  }

  get nextCheckAt(): string | undefined {
    return this.scheduler.nextCheckAt;
  }

  start(): void {
    if (this.stopped) throw new Error('This engine was stopped; create a new one.');
    this.damper.quiet();
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopping.abort();
    this.signingIn?.cancel.abort(new SignInCancelledError('The monitor stopped.'));
    await this.scheduler.stop();
    await Promise.all([this.session.close(), ...this.closing]);
    await Promise.all([this.historyLog.flush(), this.authState.flush()]);
    this.unrouteSdk();
  }

  async checkNow(): Promise<HealthSnapshot> {
    if (this.stopped) return this.current;
    return (await this.scheduler.runNow()).snapshot;
  }

  pause(): void {
    this.scheduler.pause();
    this.publish({ ...this.placeholder('paused'), checkedAt: this.current.checkedAt });
  }

  resume(): void {
    if (!this.scheduler.isPaused) return;
    this.damper.quiet();
    this.scheduler.resume();
  }

  async signIn(options: SignInOptions): Promise<void> {
    if (this.stopped) throw new SignInError('The monitor is stopped.');
    // A new sign-in replaces the waiting one (a closed tab, another account): cancel it, and
    // start once it has released the loopback port the client was registered with.
    const previous = this.signingIn;
    const cancel = new AbortController();
    let release!: () => void;
    const attempt = { cancel, done: new Promise<void>((resolve) => (release = resolve)) };
    this.signingIn = attempt;
    previous?.cancel.abort(new SignInCancelledError('A new sign-in replaced this one.'));
    const onOuterAbort = () => cancel.abort(new SignInCancelledError('The sign-in was cancelled.'));
    if (options.signal?.aborted) onOuterAbort();
    else options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const started = performance.now();
    const since = this.recorder.lastSeq;
    try {
      await previous?.done;
      await this.authState.load();
      await authorize(this.signInContext(), options, cancel.signal);
      // A sign-in that cannot be saved is lost on the next start: the trader must hear of it.
      await this.authState.persisted();
    } catch (error) {
      if (!(error instanceof SignInCancelledError) && !(error instanceof SignInError)) {
        const call = failedSignIn(
          error,
          performance.now() - started,
          this.recorder.since(since),
          this.serverUrl,
        );
        // What the server did wrong shows on the next check (discovery_failed, …); a local
        // failure (no browser, a refused auto-consent) is the caller's to report.
        if (SERVER_OUTCOMES.has(call.outcome)) this.carried = [call];
      }
      this.log('warn', `Sign-in failed: ${signInErrorMessage(error)}`);
      throw error instanceof SignInError
        ? error
        : new SignInError(signInErrorMessage(error), { cause: error });
    } finally {
      options.signal?.removeEventListener('abort', onOuterAbort);
      if (this.signingIn === attempt) this.signingIn = undefined;
      release();
    }
    this.log('info', 'Signed in to CrossTrade.');
    // New credentials: a new session, a full first check, and no stale failure in reports.
    this.memory = freshMemory();
    this.lastFailure = undefined;
    await this.session.reset('signed in');
    await this.recheck();
  }

  async signOut(): Promise<void> {
    await this.authState.load();
    await revokeTokens(this.signInContext());
    this.authState.update((a) => {
      const next = { ...a };
      // Keep the registration (client_id, redirect port) for the next sign-in: DCR is rate-limited.
      delete next.tokens;
      delete next.tokensSavedAt;
      delete next.rejectedReason;
      delete next.lastRefreshAt;
      delete next.lastRefreshResult;
      return next;
    });
    await this.authState.flush();
    this.memory = freshMemory();
    await this.session.reset('signed out');
    this.log('info', 'Signed out of CrossTrade.');
    await this.recheck();
  }

  /** A check that starts after now: a check in flight saw the old state, so it does not count. */
  private async recheck(): Promise<void> {
    if (this.stopped) return;
    if (this.scheduler.checking) await this.scheduler.runNow();
    await this.checkNow();
  }

  configure(options: {
    serverUrl?: string;
    intervalSec?: number;
    nt8ProcessCheck?: Nt8ProcessCheck;
  }): void {
    if (options.nt8ProcessCheck) this.nt8Check = options.nt8ProcessCheck;
    if (options.intervalSec !== undefined) {
      this.scheduler.setInterval(
        this.options.timing?.intervalMs ?? clampIntervalSec(options.intervalSec) * 1000,
      );
    }
    if (options.serverUrl !== undefined && options.serverUrl !== this.serverUrl) {
      const sameOrigin = originOf(options.serverUrl) === originOf(this.serverUrl);
      const old = this.session;
      this.serverUrl = options.serverUrl;
      if (!sameOrigin) {
        // Credentials belong to one server: never send them to another.
        this.authState.clear();
        this.log('info', 'The MCP address moved to another server: sign in there.');
      }
      this.buildClient();
      this.memory = freshMemory();
      this.lastChecked = undefined;
      this.lastFailure = undefined;
      this.lastCapabilities = undefined;
      this.damper.reset();
      this.closing.add(old.close());
      this.publish(this.placeholder('pending'));
      if (this.scheduler.isStarted && !this.scheduler.isPaused) void this.recheck();
    }
  }

  history(): HistorySummary {
    return this.historyLog.summary();
  }

  async report(): Promise<SupportReport> {
    await this.historyLog.load();
    return buildReport({
      clientName: this.clientName,
      clientVersion: this.clientVersion,
      serverUrl: this.serverUrl,
      snapshot: this.current,
      ...(this.lastFailure ? { lastFailure: this.lastFailure } : {}),
      capabilities: this.lastCapabilities,
      history: this.historyLog.summary(),
      accountNames: await this.accountNames(),
      now: this.now(),
    });
  }

  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void {
    const set = this.listeners[event] as Set<EngineEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  // ---- internals ----------------------------------------------------------------------------

  private buildClient(): void {
    const stack = createClientStack({
      serverUrl: this.serverUrl,
      authState: this.authState,
      clientName: this.clientName,
      clientVersion: this.clientVersion,
      timeoutMs: this.callTimeoutMs,
      log: this.log,
      signal: this.stopping.signal,
      ...(this.options.fetch ? { baseFetch: this.options.fetch } : {}),
      ...(this.options.preferredRedirectPort !== undefined
        ? { preferredRedirectPort: this.options.preferredRedirectPort }
        : {}),
    });
    this.stack = stack;
    this.recorder = stack.recorder;
    this.session = stack.session;
  }

  private async check(): Promise<CheckResult> {
    try {
      await Promise.all([this.authState.load(), this.historyLog.load()]);
      const carried = this.carried;
      this.carried = [];
      const firstSeq = this.recorder.lastSeq;
      const online = this.askOnline();
      const observation = await runProbe(
        {
          session: this.session,
          recorder: this.recorder,
          serverUrl: this.serverUrl,
          token: () => this.authState.status(),
          nt8Check: this.nt8Check,
          now: this.now,
          carried,
        },
        this.memory,
      );
      // Every recorded exchange is a response that came back, whatever its status.
      observation.responses = this.recorder.lastSeq - firstSeq;
      const isOnline = await online;
      if (isOnline !== undefined) observation.online = isOnline;
      const clientFindings = this.options.clientFindings?.();
      if (clientFindings && clientFindings.length > 0) observation.clientFindings = clientFindings;
      const snapshot = diagnose(observation, this.lastChecked);
      this.lastChecked = snapshot;
      this.memory.active = new Set(snapshot.problems.map((p) => p.id));
      this.remember(observation);
      this.publish(snapshot);
      this.historyLog.record(snapshot);
      return { snapshot, verdict: this.verdictOf(snapshot, observation) };
    } catch (error) {
      // runProbe and diagnose never throw; this guards the engine against its own bugs.
      this.log(
        'error',
        `A check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
      return { snapshot: this.current, verdict: { error: true, transient: true } };
    }
  }

  /** The OS's word on the network, when the app gave a way to ask; bounded, never throws. */
  private async askOnline(): Promise<boolean | undefined> {
    const ask = this.options.isOnline;
    if (!ask) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ONLINE_CHECK_LIMIT_MS);
      timer.unref();
    });
    try {
      return await Promise.race([
        Promise.resolve()
          .then(ask)
          .then((value) => (typeof value === 'boolean' ? value : undefined))
          .catch(() => undefined),
        limit,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private remember(observation: Observation): void {
    const failed = observation.calls.filter((c) => c.outcome !== 'ok').at(-1);
    if (failed) this.lastFailure = { call: failed, at: observation.checkedAt };
    const capabilities = observation.calls
      .filter((c) => c.name === TOOL.capabilities && c.outcome === 'ok')
      .at(-1);
    if (capabilities) this.lastCapabilities = capabilities.result ?? capabilities.text;
  }

  private verdictOf(snapshot: HealthSnapshot, observation: Observation): Verdict {
    const transient = snapshot.problems.some((p) => CATALOG[p.id].transient);
    const verdict: Verdict = { error: snapshot.level === 'error', transient };
    const retryAfter = observation.calls
      .map((c) => parseRetryAfter(c.headers?.retryAfter, Date.now()))
      .find((ms) => ms !== undefined);
    if (transient && retryAfter !== undefined) verdict.retryAfterMs = retryAfter;
    return verdict;
  }

  private publish(snapshot: HealthSnapshot): void {
    this.current = snapshot;
    this.emit('snapshot', snapshot);
    for (const transition of this.damper.observe(snapshot)) this.emit('transition', transition);
  }

  private emit<E extends keyof EngineEvents>(event: E, ...args: Parameters<EngineEvents[E]>): void {
    for (const listener of this.listeners[event]) {
      try {
        (listener as (...a: Parameters<EngineEvents[E]>) => void)(...args);
      } catch (error) {
        this.log(
          'error',
          `A ${event} listener threw: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private placeholder(status: 'pending' | 'paused'): HealthSnapshot {
    return {
      level: 'unknown',
      problems: [],
      status,
      checkedAt: new Date(this.now()).toISOString(),
      serverUrl: this.serverUrl,
      token: this.authState.status(),
      nt8Process: this.current?.nt8Process ?? 'unknown',
    };
  }

  private signInContext(): SignInContext {
    return {
      serverUrl: this.serverUrl,
      authState: this.authState,
      stack: this.stack,
      log: this.log,
      timeoutMs: this.callTimeoutMs,
      ...(this.options.preferredRedirectPort !== undefined
        ? { preferredRedirectPort: this.options.preferredRedirectPort }
        : {}),
    };
  }

  /** Account names to alias in the report (ListAccounts, mcp:read); none when unavailable. */
  private async accountNames(): Promise<string[]> {
    if (this.authState.status().state !== 'signed_in') return [];
    try {
      if (this.scheduler.checking) await this.scheduler.runNow();
      const result = await this.session.callTool(TOOL.accounts);
      const payload = (result.structuredContent ?? {}) as { accounts?: unknown };
      if (!Array.isArray(payload.accounts)) return [];
      const names = new Set<string>();
      for (const account of payload.accounts as Array<Record<string, unknown>>) {
        if (typeof account.name === 'string' && account.name) names.add(account.name);
      }
      return [...names];
    } catch {
      return [];
    }
  }
}

/** The monitor engine (see api.ts). Nothing runs until `start()` or `checkNow()`. */
export function createEngine(options: EngineOptions): MonitorEngine {
  return new Engine(options);
}
