// The one AppState the window sees: composed from the engine, settings, sign-in and the shell's
// own state, and pushed to the window on every change. Never holds a token.
import type { AppNotice, AppState } from '../shared/ipc';

export type { AppNotice };

/** AppState with the notices always present (the contract makes them optional for the window). */
export type ShellAppState = AppState & { notices: AppNotice[] };

type Listener = (state: ShellAppState) => void;

export class AppStateStore {
  private state: ShellAppState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: ShellAppState) {
    this.state = initial;
  }

  get(): ShellAppState {
    return this.state;
  }

  /** Merges `patch`; listeners run only when a field actually changed (by reference). */
  update(patch: Partial<ShellAppState>): void {
    const keys = Object.keys(patch) as Array<keyof ShellAppState>;
    if (keys.every((key) => Object.is(this.state[key], patch[key]))) return;
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener(this.state);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
