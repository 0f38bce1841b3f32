// The one AppState the window sees: composed from the engine, settings, sign-in and the desktop
// state, and pushed to the window on every change. Never holds a token.
import type { AppNotice, AppState } from '../shared/ipc';

export type { AppNotice };

/** AppState with the notices always present (the contract makes them optional for the window). */
export type MainAppState = AppState & { notices: AppNotice[] };

type Listener = (state: MainAppState) => void;

export class AppStateStore {
  private state: MainAppState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: MainAppState) {
    this.state = initial;
  }

  get(): MainAppState {
    return this.state;
  }

  /** Merges `patch`; listeners run only when a field actually changed (by reference). */
  update(patch: Partial<MainAppState>): void {
    const keys = Object.keys(patch) as Array<keyof MainAppState>;
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
