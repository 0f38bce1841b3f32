// Watches NinjaTrader between checks, locally and cheaply: while it runs, one signal-0 call on
// its process id about once a second; once it has closed, a light process list every few
// seconds. A change (closed, started again) is handed to `onChange`; the engine decides what
// check that is worth. Never an MCP request.
import type { Nt8ProcessState } from '../../../shared/health';
import { nt8Processes, type ProcessTable } from './nt8-process';

export interface WatchClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: WatchClock = {
  now: () => Date.now(),
  setTimeout(run, ms) {
    const timer = setTimeout(run, ms);
    // A watch must never keep a process alive.
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface Nt8Change {
  state: 'running' | 'not_running';
  /** The process seen starting (running) or the one that exited (not_running). */
  pid: number;
  at: number;
}

export interface Nt8WatchOptions {
  table: ProcessTable;
  onChange: (change: Nt8Change) => void;
  /** Watch at all right now (NT8 not known to run elsewhere, the local check on). */
  enabled: () => boolean;
  /** Look for NT8 starting even if it was never seen (NT8 is set to run here). */
  expectLocal: () => boolean;
  clock?: WatchClock;
  /** Signal-0 period while NT8 runs. */
  pidPollMs?: number;
  /** Process-list period while NT8 is closed. */
  listPollMs?: number;
}

export const PID_POLL_MS = 1000;
export const LIST_POLL_MS = 5000;

export class Nt8Watch {
  private readonly clock: WatchClock;
  private timer: unknown;
  private running = false;
  private pid: number | undefined;
  private current: Nt8ProcessState = 'unknown';
  /** NinjaTrader was seen running on this computer since the watch started. */
  private seen = false;
  private listing: Promise<Nt8ProcessState> | undefined;

  constructor(private readonly options: Nt8WatchOptions) {
    this.clock = options.clock ?? realClock;
  }

  get state(): Nt8ProcessState {
    return this.current;
  }

  get seenHere(): boolean {
    return this.seen;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A full list now (each check asks): updates the watch without reporting a change. */
  check(): Promise<Nt8ProcessState> {
    this.listing ??= this.list().finally(() => (this.listing = undefined));
    return this.listing;
  }

  private async list(): Promise<Nt8ProcessState> {
    try {
      const found = nt8Processes(await this.options.table.list())[0];
      if (found) {
        this.pid = found.pid;
        this.seen = true;
        this.current = 'running';
      } else {
        this.pid = undefined;
        this.current = 'not_running';
      }
    } catch {
      this.current = 'unknown';
    }
    return this.current;
  }

  private schedule(): void {
    if (!this.running) return;
    const ms =
      this.current === 'running'
        ? (this.options.pidPollMs ?? PID_POLL_MS)
        : (this.options.listPollMs ?? LIST_POLL_MS);
    this.timer = this.clock.setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    try {
      if (!this.options.enabled()) return;
      const pid = this.pid;
      if (this.current === 'running' && pid !== undefined) {
        if (this.options.table.alive(pid)) return;
        this.current = 'not_running';
        this.pid = undefined;
        this.options.onChange({ state: 'not_running', pid, at: this.clock.now() });
        return;
      }
      // Closed (or never seen): a light list, only where NT8 is expected to start.
      if (!this.seen && !this.options.expectLocal()) return;
      const before = this.current;
      const after = await this.check();
      if (after === 'running' && before !== 'running' && this.pid !== undefined) {
        this.options.onChange({ state: 'running', pid: this.pid, at: this.clock.now() });
      }
    } finally {
      this.schedule();
    }
  }
}
