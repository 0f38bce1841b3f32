// Is NinjaTrader 8 running on this computer? Only Windows can answer; elsewhere (a Mac beside a
// Windows VPS) the answer is 'unknown', so `nt8_not_running` is only ever claimed from a real answer.
import type { Nt8ProcessCheck } from '../engine-types';

const NT8_PROCESS = /^ninjatrader(\.exe)?$/i;

type ProcessLister = () => Promise<ReadonlyArray<{ name: string }>>;

async function defaultLister(): Promise<ReadonlyArray<{ name: string }>> {
  // Loaded on demand: ps-list spawns a helper and is only needed on Windows.
  const { default: psList } = await import('ps-list');
  return psList();
}

/** The NinjaTrader.exe check; `list` and `platform` are injectable for tests. */
export function createNt8ProcessCheck(
  options: { platform?: NodeJS.Platform; list?: ProcessLister } = {},
): Nt8ProcessCheck {
  const platform = options.platform ?? process.platform;
  const list = options.list ?? defaultLister;
  return async () => {
    if (platform !== 'win32') return 'unknown';
    try {
      const processes = await list();
      return processes.some((p) => NT8_PROCESS.test(p.name)) ? 'running' : 'not_running';
    } catch {
      return 'unknown';
    }
  };
}
