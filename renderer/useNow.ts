// The window's only timer: one shared one-second clock for the relative times it shows
// ("checked 12 s ago · next in 18 s"). It runs only while something on screen reads it.
import { useSyncExternalStore } from 'react';

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of [...listeners]) notify();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function getSnapshot(): number {
  // Nothing ticking (first mount after a pause): catch up, but stay stable within a tick.
  if (timer === undefined && Math.abs(Date.now() - now) >= TICK_MS) now = Date.now();
  return now;
}

/** The current time, as of the last tick of the shared clock. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot);
}
