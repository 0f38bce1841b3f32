// The notification pause on its own: restored from disk only while it lasts, saved on every
// change, and ended by its timer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PauseController } from '../../electron/controllers/pause';

const NOW = Date.parse('2026-11-25T17:45:00.000Z');

function setup(saved?: string) {
  const writes: Array<string | undefined> = [];
  const pause = new PauseController({
    saved,
    save: (until) => writes.push(until),
    now: () => Date.now(),
  });
  const seen: Array<string | undefined> = [];
  pause.subscribe((until) => seen.push(until));
  return { pause, writes, seen };
}

describe('the notification pause', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('pauses for an hour, saves it, and resumes by itself when the hour is over', () => {
    const { pause, writes, seen } = setup();
    pause.pause({ minutes: 60 });
    const until = new Date(NOW + 60 * 60_000).toISOString();
    expect(pause.until).toBe(until);
    expect(pause.isPaused(NOW + 59 * 60_000)).toBe(true);
    expect(writes).toEqual([until]);
    expect(seen).toEqual([until]);
    vi.advanceTimersByTime(60 * 60_000);
    expect(pause.until).toBeUndefined();
    expect(writes).toEqual([until, undefined]);
    expect(seen).toEqual([until, undefined]);
  });

  it('keeps a pause saved by an earlier run while it lasts, and arms its end on start', () => {
    const until = new Date(NOW + 10 * 60_000).toISOString();
    const { pause, seen } = setup(until);
    expect(pause.until).toBe(until);
    pause.start();
    vi.advanceTimersByTime(10 * 60_000);
    expect(pause.until).toBeUndefined();
    expect(seen.at(-1)).toBeUndefined();
  });

  it('forgets a saved pause that ended while the app was not running', () => {
    const { pause, writes } = setup(new Date(NOW - 60_000).toISOString());
    expect(pause.until).toBeUndefined();
    pause.start();
    expect(writes).toEqual([undefined]);
  });

  it('resumes at once when asked, and a stopped controller fires no timer', () => {
    const { pause, seen } = setup();
    pause.pause({ until: 'tomorrow' });
    pause.resume();
    expect(pause.until).toBeUndefined();
    pause.pause({ minutes: 5 });
    pause.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect(pause.until).toBeDefined();
    expect(seen).toHaveLength(3);
  });
});
