// createEngine(): wires the probe, diagnose, the monitor (damping), history and the scheduler into
// the MonitorEngine the desktop app, the doctor CLI and the tests drive.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOG } from '../../shared/catalog';
import { diagnose } from '../../shared/diagnose';
import { scopesBeyondRead } from '../../shared/crosstrade';
import { urlOf } from '../../shared/format';
import { TOOL } from '../../shared/mcp-tools';
import type {
  CallOutcome,
  CallRecord,
  HealthSnapshot,
  Nt8Location,
  Nt8ProcessState,
  Observation,
} from '../../shared/health';
import type { HistorySummary } from '../../shared/history';
import type { AgentIncident } from '../../shared/explain';
import { MCP_CLIENT_NAME } from '../../shared/product';
import { addonSideEmpty } from '../../shared/payloads';
import { MAX_INTERVAL_SEC, MIN_INTERVAL_SEC, type Nt8LocationSetting } from '../../shared/settings';
import { isMarketOpen, type TradingHours } from '../../shared/trading-hours';
import type {
  EngineConfig,
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
import { createMcpConnection } from './mcp/connection';
import type { McpConnection } from './mcp/connection';
import type { Recorder } from './mcp/fetch-wrappers';
import { History } from './check/history';
import { redactingLogger, routeSdkWarnings } from './log';
import type { Logger } from './log';
import { SignInCancelledError } from './auth/loopback';
import { DEFAULT_DAMPING, TransitionDamper } from './check/damping';
import { askCapped, createHangProbe, type HangProbe } from './check/nt8-hang';
import { createNt8ProcessCheck, systemProcessTable } from './check/nt8-process';
import { Nt8Watch, type Nt8Change } from './check/nt8-watch';
import { freshMemory, runProbe } from './check/probe';
import type { ProbeMemory } from './check/probe';
import { buildReport } from './check/report';
import { DEFAULT_TIMING, parseRetryAfter, Scheduler } from './check/scheduler';
import type { ExtraCheckDecision, Verdict } from './check/scheduler';
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

/** The learned location of NinjaTrader, kept in the state folder across runs. */
const LOCATION_FILE = 'nt8-location.json';
/** After NinjaTrader starts, re-check this long after each check that still finds the add-on down. */
const STARTUP_FOLLOW_UPS_MS = [5_000, 10_000, 20_000];
const unknownProcess = async (): Promise<Nt8ProcessState> => 'unknown';

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
  private readonly platform: NodeJS.Platform;
  private readonly watch: Nt8Watch | undefined;
  private readonly watchCheck: Nt8ProcessCheck | undefined;
  private readonly defaultNt8Check: Nt8ProcessCheck;
  private readonly hangProbe: HangProbe;
  private locationSetting: Nt8LocationSetting;
  /** What checks taught about where NinjaTrader runs (auto), persisted in stateDir. */
  private learned: 'local' | 'remote' | undefined;
  private learnedLoad: Promise<void> | undefined;
  private tradingHours: TradingHours | undefined;
  /** The next check follows a NinjaTrader exit this engine saw: evidence, not a guess. */
  private exitSeen = false;
  private followUp: NodeJS.Timeout | undefined;
  private recorder!: Recorder;
  private connection!: McpConnection;
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
    this.platform = options.platform ?? process.platform;
    this.locationSetting = options.nt8Location ?? 'auto';
    this.tradingHours = options.tradingHours;
    this.hangProbe = options.hangProbe ?? createHangProbe({ platform: this.platform });
    const table =
      options.processTable ??
      (options.nt8ProcessCheck === undefined && this.platform === 'win32'
        ? systemProcessTable
        : undefined);
    if (table) {
      const watch = new Nt8Watch({
        table,
        ...(options.watchClock ? { clock: options.watchClock } : {}),
        onChange: (change) => this.nt8Changed(change),
        enabled: () => this.nt8Check === this.watchCheck && this.location() !== 'remote',
        expectLocal: () => this.location() === 'local',
      });
      this.watch = watch;
      this.watchCheck = () => watch.check();
    }
    this.defaultNt8Check = this.watchCheck ?? createNt8ProcessCheck({ platform: this.platform });
    this.nt8Check = options.nt8ProcessCheck ?? this.defaultNt8Check;
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
    this.watch?.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopping.abort();
    this.watch?.stop();
    clearTimeout(this.followUp);
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

  requestCheck(reason: string): ExtraCheckDecision {
    if (this.stopped) return 'dropped';
    const decision = this.scheduler.requestExtraCheck(reason);
    this.log('debug', `Check requested (${reason}): ${decision}.`);
    return decision;
  }

  pause(): void {
    this.scheduler.pause();
    this.watch?.stop();
    clearTimeout(this.followUp);
    this.publish({ ...this.placeholder('paused'), checkedAt: this.current.checkedAt });
  }

  resume(): void {
    if (!this.scheduler.isPaused) return;
    this.damper.quiet();
    this.scheduler.resume();
    this.watch?.start();
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
      // A grant that can trade is revoked before asking again: signing in again is how the
      // trader swaps it for a read-only one, and the monitor never keeps both.
      if (scopesBeyondRead(this.authState.status().scope).length > 0) {
        this.log('info', 'Revoking a sign-in broader than read-only before signing in again.');
        await this.forgetTokens();
      }
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
    await this.forgetTokens();
    this.memory = freshMemory();
    await this.session.reset('signed out');
    this.log('info', 'Signed out of CrossTrade.');
    await this.recheck();
  }

  /** Revokes the tokens at CrossTrade and forgets them here. */
  private async forgetTokens(): Promise<void> {
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
  }

  /** A check that starts after now: a check in flight saw the old state, so it does not count. */
  private async recheck(): Promise<void> {
    if (this.stopped) return;
    if (this.scheduler.checking) await this.scheduler.runNow();
    await this.checkNow();
  }

  configure(options: EngineConfig): void {
    if (options.nt8ProcessCheck === 'default') this.nt8Check = this.defaultNt8Check;
    else if (options.nt8ProcessCheck) this.nt8Check = options.nt8ProcessCheck;
    if (options.nt8Location !== undefined) this.locationSetting = options.nt8Location;
    if (options.tradingHours !== undefined) this.tradingHours = options.tradingHours ?? undefined;
    if (options.intervalSec !== undefined) {
      this.scheduler.setInterval(
        this.options.timing?.intervalMs ?? clampIntervalSec(options.intervalSec) * 1000,
      );
    }
    if (options.serverUrl !== undefined && options.serverUrl !== this.serverUrl) {
      const sameOrigin =
        (urlOf(options.serverUrl)?.origin ?? options.serverUrl) ===
        (urlOf(this.serverUrl)?.origin ?? this.serverUrl);
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

  async report(incident?: AgentIncident): Promise<SupportReport> {
    await this.historyLog.load();
    return buildReport({
      ...(incident ? { incident } : {}),
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
    const connection = createMcpConnection({
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
    this.connection = connection;
    this.recorder = connection.recorder;
    this.session = connection.session;
  }

  private async check(): Promise<CheckResult> {
    try {
      await Promise.all([this.authState.load(), this.historyLog.load(), this.loadLearned()]);
      const carried = this.carried;
      this.carried = [];
      const exitSeen = this.exitSeen;
      this.exitSeen = false;
      // NinjaTrader set to run elsewhere, or an OS it cannot run on: nothing local to look at.
      const lookHere = this.platform === 'win32' && this.locationSetting !== 'remote';
      const firstSeq = this.recorder.lastSeq;
      const online = this.askOnline();
      const observation = await runProbe(
        {
          session: this.session,
          recorder: this.recorder,
          serverUrl: this.serverUrl,
          token: () => this.authState.status(),
          nt8Check: lookHere ? this.nt8Check : unknownProcess,
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
      observation.nt8Location = this.location();
      if (this.tradingHours?.onlyDuringHours) {
        observation.marketOpen = isMarketOpen(this.tradingHours, this.now());
      }
      let snapshot = diagnose(observation, this.lastChecked);
      if (await this.askWindowsAboutHang(observation, snapshot)) {
        snapshot = diagnose(observation, this.lastChecked);
      }
      this.learnLocation(observation, snapshot);
      this.lastChecked = snapshot;
      this.memory.active = new Set(snapshot.problems.map((p) => p.id));
      this.remember(observation);
      // A check that follows a NinjaTrader exit seen here and finds it closed is announced at
      // once: the exit is the confirmation a second check would otherwise give.
      const confirmed =
        exitSeen &&
        observation.nt8Process === 'not_running' &&
        snapshot.problems.some((p) => p.id === 'nt8_not_running');
      this.publish(snapshot, confirmed);
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

  private publish(snapshot: HealthSnapshot, confirmed = false): void {
    this.current = snapshot;
    this.emit('snapshot', snapshot);
    for (const transition of this.damper.observe(snapshot, { confirmed })) {
      this.emit('transition', transition);
    }
  }

  // ---- where NinjaTrader runs ---------------------------------------------------------------

  /** Where NinjaTrader runs: only Windows runs it; the setting; else what checks taught. */
  private location(): Nt8Location {
    if (this.platform !== 'win32') return 'remote';
    if (this.locationSetting !== 'auto') return this.locationSetting;
    return this.learned ?? 'unknown';
  }

  private loadLearned(): Promise<void> {
    this.learnedLoad ??= readFile(join(this.options.stateDir, LOCATION_FILE), 'utf8')
      .then(
        (text) => {
          const learned = (JSON.parse(text) as { learned?: unknown }).learned;
          if (learned === 'local' || learned === 'remote') this.learned ??= learned;
        },
        () => undefined,
      )
      .catch(() => undefined);
    return this.learnedLoad;
  }

  /**
   * In auto: a check that sees the add-on connected while no NinjaTrader runs here proves it runs
   * on another computer; seeing NinjaTrader.exe here proves the opposite. Remembered across runs.
   */
  private learnLocation(observation: Observation, snapshot: HealthSnapshot): void {
    if (this.locationSetting !== 'auto' || this.platform !== 'win32') return;
    let next: 'local' | 'remote' | undefined;
    if (observation.nt8Process === 'running') next = 'local';
    else if (
      observation.nt8Process === 'not_running' &&
      snapshot.capabilities &&
      !addonSideEmpty(snapshot.capabilities)
    ) {
      next = 'remote';
    }
    if (next === undefined || next === this.learned) return;
    this.learned = next;
    snapshot.nt8Location = next;
    this.log(
      'info',
      next === 'remote'
        ? 'NinjaTrader runs on another computer: the add-on answers while NinjaTrader is not running here.'
        : 'NinjaTrader runs on this computer.',
    );
    const dir = this.options.stateDir;
    void mkdir(dir, { recursive: true })
      .then(() =>
        writeFile(
          join(dir, LOCATION_FILE),
          JSON.stringify({ learned: next, at: new Date(this.now()).toISOString() }),
        ),
      )
      .catch((error: unknown) =>
        this.log('warn', `Could not remember where NinjaTrader runs: ${String(error)}`),
      );
  }

  /** Adds what Windows says about a hung local NinjaTrader to the observation; true if it spoke. */
  private async askWindowsAboutHang(
    observation: Observation,
    snapshot: HealthSnapshot,
  ): Promise<boolean> {
    if (observation.nt8Process !== 'running' || this.location() === 'remote') return false;
    if (!snapshot.problems.some((p) => p.id === 'nt8_unresponsive')) return false;
    const evidence = await askCapped(this.hangProbe);
    if (!evidence) return false;
    observation.nt8Hang = evidence;
    return true;
  }

  /** NinjaTrader closed or started on this computer (the watch saw it). */
  private nt8Changed(change: Nt8Change): void {
    this.log(
      'info',
      change.state === 'not_running'
        ? 'NinjaTrader closed on this computer.'
        : 'NinjaTrader started on this computer.',
    );
    void this.checkOnProcessChange(change.state === 'not_running' ? 'nt8_exited' : 'nt8_started');
  }

  /**
   * A check because NinjaTrader closed or started on this computer: through the scheduler's
   * budget for unasked checks, but at once (the trader hears of a closed NinjaTrader within
   * seconds). A check already in flight saw the old state, so a new one follows it.
   */
  private async checkOnProcessChange(
    reason: 'nt8_exited' | 'nt8_started',
    attempt = 0,
  ): Promise<void> {
    clearTimeout(this.followUp);
    const idle = () => this.stopped || !this.scheduler.isStarted || this.scheduler.isPaused;
    if (idle()) return;
    if (this.scheduler.checking) await this.scheduler.runNow().catch(() => undefined);
    if (idle()) return;
    if (reason === 'nt8_exited') this.exitSeen = true;
    const { snapshot } = await this.scheduler.runUrgentExtra(reason);
    // NinjaTrader takes a while to load the add-on: look again soon rather than a poll later.
    const delay = STARTUP_FOLLOW_UPS_MS[attempt];
    if (
      reason === 'nt8_started' &&
      delay !== undefined &&
      // NinjaTrader or the add-on still off: the problems the catalog marks as off-hours ones.
      snapshot.problems.some((p) => CATALOG[p.id].offHours === true)
    ) {
      this.followUp = setTimeout(() => void this.checkOnProcessChange(reason, attempt + 1), delay);
      this.followUp.unref();
    }
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
      ...(this.current?.nt8Location ? { nt8Location: this.current.nt8Location } : {}),
    };
  }

  private signInContext(): SignInContext {
    return {
      serverUrl: this.serverUrl,
      authState: this.authState,
      connection: this.connection,
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
