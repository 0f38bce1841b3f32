// When the next check runs. One check at a time; `runNow` joins the check in flight; every timer
// is unref'd (a monitor must never keep a process alive) and cleared on stop.

export interface Timing {
  /** Normal interval between checks. */
  intervalMs: number;
  /** First re-check after entering error, and the base of the exponential backoff. */
  errorRecheckMs: number;
  /** Longest backoff for 429/5xx/network failures (Retry-After may ask for longer). */
  backoffCapMs: number;
  /** Delay of the first check after resume (wake from sleep). */
  resumeDelayMs: number;
  /**
   * Least time between two checks nobody asked for (a settings file changed, the screen unlocked,
   * the network came back): CrossTrade's rate limit is shared with the trader's own agents.
   */
  extraCheckGapMs: number;
}

export const DEFAULT_TIMING: Timing = {
  intervalMs: 30_000,
  errorRecheckMs: 10_000,
  backoffCapMs: 5 * 60_000,
  resumeDelayMs: 2_000,
  extraCheckGapMs: 60_000,
};

/** Retry-After is honoured up to this; a longer one is a misconfigured server. */
const RETRY_AFTER_LIMIT_MS = 60 * 60_000;

/** What a finished check tells the scheduler. */
export interface Verdict {
  /** The check ended in error. */
  error: boolean;
  /** 429, 5xx or network: back off exponentially. */
  transient: boolean;
  /** From a Retry-After header. */
  retryAfterMs?: number;
}

export interface Streaks {
  /** Consecutive checks ending in error (including this one). */
  error: number;
  /** Consecutive transient failures (including this one). */
  transient: number;
}

/**
 * The delay before the next check. Pure: `random` gives the jitter (0..1).
 * - transient failure n: errorRecheck·2^(n-1), capped, ±20 % jitter, at least Retry-After;
 * - entering error: one quick re-check (errorRecheck), then the normal interval;
 * - otherwise the normal interval.
 */
export function nextDelayMs(
  verdict: Verdict,
  streaks: Streaks,
  timing: Timing,
  random: number,
): number {
  if (verdict.transient) {
    const exponent = Math.min(Math.max(streaks.transient - 1, 0), 20);
    const cap = Math.max(timing.backoffCapMs, timing.intervalMs);
    const backoff = Math.min(cap, timing.errorRecheckMs * 2 ** exponent);
    const jittered = backoff * (0.8 + 0.4 * random);
    const retryAfter = Math.min(verdict.retryAfterMs ?? 0, RETRY_AFTER_LIMIT_MS);
    return Math.round(Math.max(jittered, retryAfter));
  }
  if (verdict.error && streaks.error === 1)
    return Math.min(timing.errorRecheckMs, timing.intervalMs);
  return timing.intervalMs;
}

/** Retry-After as seconds or an HTTP date → ms from `now`; undefined when unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export interface ScheduleState {
  checking: boolean;
  nextCheckAt?: string;
}

/** What became of a request for a check nobody asked for (see Scheduler.requestExtraCheck). */
export type ExtraCheckDecision = 'now' | 'deferred' | 'dropped';

export interface SchedulerOptions<T> {
  run: () => Promise<T>;
  verdict: (result: T) => Verdict;
  timing: Timing;
  now: () => number;
  random?: () => number;
  onChange?: (state: ScheduleState) => void;
}

export class Scheduler<T> {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<T> | undefined;
  private started = false;
  private paused = false;
  private nextAt: number | undefined;
  private lastFinishedAt: number | undefined;
  private lastDelayMs = 0;
  private streaks: Streaks = { error: 0, transient: 0 };
  private timing: Timing;
  /** Checks begun so far, whoever started them. */
  private runsStarted = 0;
  /** When the last extra check began: the budget runs from there. */
  private lastExtraAt: number | undefined;
  /** `runsStarted` at the earliest extra request not yet served by a check begun after it. */
  private extraRequestedAt: number | undefined;
  private extraTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SchedulerOptions<T>) {
    this.timing = { ...options.timing };
  }

  get checking(): boolean {
    return this.inFlight !== undefined;
  }

  get nextCheckAt(): string | undefined {
    return this.nextAt === undefined ? undefined : new Date(this.nextAt).toISOString();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.paused = false;
    if (this.inFlight) return;
    // A check that just ran (checkNow before start) counts: the next follows its planned delay.
    const since =
      this.lastFinishedAt === undefined ? Infinity : this.options.now() - this.lastFinishedAt;
    this.schedule(Math.max(0, this.lastDelayMs - since));
  }

  /** Clears the timer; resolves when the check in flight (if any) has ended. */
  async stop(): Promise<void> {
    this.started = false;
    this.clear();
    this.dropExtra();
    this.emit();
    await this.inFlight?.catch(() => undefined);
  }

  pause(): void {
    this.paused = true;
    this.clear();
    this.dropExtra();
    this.emit();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.started && !this.inFlight) this.schedule(this.timing.resumeDelayMs);
  }

  setInterval(intervalMs: number): void {
    this.timing = { ...this.timing, intervalMs };
    if (this.timer !== undefined && this.nextAt !== undefined) {
      const remaining = Math.max(0, this.nextAt - this.options.now());
      this.schedule(Math.min(remaining, intervalMs));
    }
  }

  /**
   * A check nobody asked for (a file changed, wake, network back). At most one such check per
   * `extraCheckGapMs` runs beyond the schedule: the request runs now when the budget allows, else
   * joins the one deferred check at the budget's end, and is dropped when a scheduled check comes
   * first (that check sees the change too). "Check now" (runNow) is never limited.
   */
  requestExtraCheck(_reason: string): ExtraCheckDecision {
    if (!this.started || this.paused) return 'dropped';
    const now = this.options.now();
    const allowedAt =
      this.lastExtraAt === undefined
        ? now
        : Math.max(now, this.lastExtraAt + this.timing.extraCheckGapMs);
    if (this.nextAt !== undefined && this.nextAt <= allowedAt) return 'dropped';
    if (this.extraRequestedAt === undefined || this.runsStarted > this.extraRequestedAt)
      this.extraRequestedAt = this.runsStarted;
    // A check in flight began before this request and may have missed the change: wait for it.
    if (allowedAt <= now && !this.inFlight) {
      this.runExtra();
      return 'now';
    }
    if (this.extraTimer === undefined) {
      this.extraTimer = setTimeout(() => {
        this.extraTimer = undefined;
        this.serveExtra();
      }, allowedAt - now);
      this.extraTimer.unref();
    }
    return 'deferred';
  }

  /** Runs a check now, or joins the one in flight. */
  runNow(): Promise<T> {
    if (this.inFlight) return this.inFlight;
    this.clear();
    this.runsStarted += 1;
    const run = this.options.run();
    this.inFlight = run;
    this.emit();
    run.then(
      (result) => this.finished(this.options.verdict(result)),
      () => this.finished({ error: true, transient: true }),
    );
    return run;
  }

  /**
   * An unasked check that must not wait: a change this computer saw itself (NinjaTrader closing
   * or starting) that the trader should hear of within seconds. It still counts against the
   * budget, so the file-change and wake-up checks after it wait their turn, and any deferred
   * one is served by it.
   */
  async runUrgentExtra(_reason: string): Promise<T> {
    if (this.extraTimer !== undefined) clearTimeout(this.extraTimer);
    this.extraTimer = undefined;
    this.extraRequestedAt = undefined;
    this.lastExtraAt = this.options.now();
    return this.runNow();
  }

  private runExtra(): void {
    if (this.extraTimer !== undefined) clearTimeout(this.extraTimer);
    this.extraTimer = undefined;
    this.extraRequestedAt = undefined;
    this.lastExtraAt = this.options.now();
    void this.runNow().catch(() => undefined);
  }

  /** The deferred extra check is due (or the check it waited for ended): run it unless served. */
  private serveExtra(): void {
    const requestedAt = this.extraRequestedAt;
    if (requestedAt === undefined || !this.started || this.paused) return;
    if (this.runsStarted > requestedAt) {
      // A check that began after the request (scheduled or Check now) already saw the change.
      this.extraRequestedAt = undefined;
      return;
    }
    if (this.inFlight || this.extraTimer !== undefined) return; // served when that one ends
    const now = this.options.now();
    const allowedAt =
      this.lastExtraAt === undefined ? now : this.lastExtraAt + this.timing.extraCheckGapMs;
    if (allowedAt > now) {
      this.extraTimer = setTimeout(() => {
        this.extraTimer = undefined;
        this.serveExtra();
      }, allowedAt - now);
      this.extraTimer.unref();
      return;
    }
    if (this.nextAt !== undefined && this.nextAt <= now) return;
    this.runExtra();
  }

  private dropExtra(): void {
    if (this.extraTimer !== undefined) clearTimeout(this.extraTimer);
    this.extraTimer = undefined;
    this.extraRequestedAt = undefined;
  }

  private finished(verdict: Verdict): void {
    this.inFlight = undefined;
    this.lastFinishedAt = this.options.now();
    this.streaks = {
      error: verdict.error ? this.streaks.error + 1 : 0,
      transient: verdict.transient ? this.streaks.transient + 1 : 0,
    };
    const random = (this.options.random ?? Math.random)();
    this.lastDelayMs = nextDelayMs(verdict, this.streaks, this.timing, random);
    if (this.started && !this.paused) this.schedule(this.lastDelayMs);
    else this.emit();
    if (this.extraRequestedAt !== undefined) this.serveExtra();
  }

  private schedule(delayMs: number): void {
    this.clear();
    this.nextAt = this.options.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAt = undefined;
      if (this.started && !this.paused) void this.runNow().catch(() => undefined);
    }, delayMs);
    this.timer.unref();
    this.emit();
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAt = undefined;
  }

  private emit(): void {
    const state: ScheduleState = { checking: this.checking };
    const next = this.nextCheckAt;
    if (next) state.nextCheckAt = next;
    this.options.onChange?.(state);
  }
}
