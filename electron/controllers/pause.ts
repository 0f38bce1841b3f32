// The notification pause: kept across restarts (the desktop state file), ended by a timer when
// its time comes, and announced to subscribers (AppState, so the window and the tray show it).
import type { PauseRequest } from '../../shared/ipc';
import { isPaused, pauseUntil } from '../policy/pause';

export interface PauseControllerOptions {
  /** The pause saved by an earlier run, if any. */
  saved: string | undefined;
  /** Persists the pause (undefined: none). */
  save: (until: string | undefined) => void;
  now?: () => number;
}

type Listener = (until: string | undefined) => void;

/** setTimeout's longest delay (a pause lasts a day at most). */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class PauseController {
  private current: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly now: () => number;

  constructor(private readonly options: PauseControllerOptions) {
    this.now = options.now ?? Date.now;
    // A pause that ended while the app was not running is over.
    this.current = isPaused(options.saved, this.now()) ? options.saved : undefined;
  }

  /** When notifications resume, or undefined when they are not paused. */
  get until(): string | undefined {
    return this.current;
  }

  isPaused(at: number): boolean {
    return isPaused(this.current, at);
  }

  /** Arms the timer for a pause restored from disk. */
  start(): void {
    this.set(this.current);
  }

  pause(request: PauseRequest): void {
    this.set(pauseUntil(request, new Date(this.now())).toISOString());
  }

  resume(): void {
    this.set(undefined);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private set(until: string | undefined): void {
    this.stop();
    this.current = until;
    this.options.save(until);
    for (const listener of [...this.listeners]) listener(until);
    if (until) {
      const delay = Math.min(Math.max(0, Date.parse(until) - this.now()), MAX_DELAY_MS);
      this.timer = setTimeout(() => this.set(undefined), delay);
      this.timer.unref?.();
    }
  }
}
