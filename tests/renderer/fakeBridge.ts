// A stand-in for the preload's `window.monitor`: every method is a vi.fn with a realistic answer,
// and push() delivers a new AppState to the window the way main does.
import { act } from '@testing-library/react';
import { vi, type Mock } from 'vitest';
import type { ActionResult, AppState, MonitorBridge } from '../../shared/ipc';
import { applySettingsPatch } from '../../shared/settings';

type Mocked<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? Mock<(...args: A) => R> : T[K];
};

export interface FakeBridge extends Mocked<MonitorBridge> {
  /** The state getState() answers with, and the last one pushed. */
  state: AppState;
  /** Pushes a new state to every listener (inside act). */
  push(state: AppState): void;
  listenerCount(): number;
}

const ok: ActionResult = { ok: true };

export function createFakeBridge(initial: AppState): FakeBridge {
  const listeners = new Set<(state: AppState) => void>();
  const bridge: FakeBridge = {
    state: initial,
    getState: vi.fn(async () => bridge.state),
    onState: vi.fn((listener: (state: AppState) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
    checkNow: vi.fn(async () => undefined),
    signIn: vi.fn(async () => ok),
    signOut: vi.fn(async () => ok),
    pauseNotifications: vi.fn(async () => undefined),
    resumeNotifications: vi.fn(async () => undefined),
    openExternal: vi.fn(async () => ok),
    copyDiagnostics: vi.fn(async () => ok),
    getSettings: vi.fn(async () => bridge.state.settings),
    setSettings: vi.fn(async (patch: unknown) => {
      const result = applySettingsPatch(bridge.state.settings, patch);
      if (result.ok) bridge.state = { ...bridge.state, settings: result.settings };
      return result;
    }),
    push(state: AppState) {
      bridge.state = state;
      act(() => {
        for (const listener of listeners) listener(state);
      });
    },
    listenerCount: () => listeners.size,
  };
  return bridge;
}

/** A promise whose settling the test controls: for busy states. */
export function deferred<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
