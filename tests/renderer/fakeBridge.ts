// A stand-in for the preload's `window.monitor`: every method is a vi.fn with a realistic answer
// in main's envelope (`{ ok: true, value }` / `{ ok: false, error }`), and push() delivers a new
// AppState to the window the way main does.
import { act } from '@testing-library/react';
import { vi, type Mock } from 'vitest';
import type { AppState, IpcResult, MonitorBridge } from '../../shared/ipc';
import { applySettingsPatch, type Settings, type SettingsPatch } from '../../shared/settings';

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

/** Main's answer for a channel whose response is nothing. */
export const DONE: IpcResult<void> = { ok: true, value: undefined };

/** Main's answer when the handler failed with `error`. */
export function failed(error: string): IpcResult<never> {
  return { ok: false, error };
}

export function createFakeBridge(initial: AppState): FakeBridge {
  const listeners = new Set<(state: AppState) => void>();
  const bridge: FakeBridge = {
    state: initial,
    getState: vi.fn(async (): Promise<IpcResult<AppState>> => ({ ok: true, value: bridge.state })),
    onState: vi.fn((listener: (state: AppState) => void) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    }),
    checkNow: vi.fn(async () => DONE),
    signIn: vi.fn(async () => DONE),
    signOut: vi.fn(async () => DONE),
    pauseNotifications: vi.fn(async () => DONE),
    resumeNotifications: vi.fn(async () => DONE),
    openExternal: vi.fn(async () => DONE),
    copyDiagnostics: vi.fn(async () => DONE),
    installUpdate: vi.fn(async () => DONE),
    getSettings: vi.fn(async (): Promise<IpcResult<Settings>> => ({
      ok: true,
      value: bridge.state.settings,
    })),
    // Like main: an invalid patch is refused with the reason, a valid one saved and answered.
    setSettings: vi.fn(async (patch: SettingsPatch): Promise<IpcResult<Settings>> => {
      const result = applySettingsPatch(bridge.state.settings, patch);
      if (!result.ok) return failed(result.error);
      bridge.state = { ...bridge.state, settings: result.settings };
      return { ok: true, value: result.settings };
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
