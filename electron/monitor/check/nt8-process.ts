// Is NinjaTrader 8 running on this computer? Only Windows can answer; elsewhere (a Mac beside a
// Windows VPS) the answer is 'unknown', so `nt8_not_running` is only ever claimed from a real answer.
import type { Nt8ProcessCheck } from '../engine-types';

const NT8_PROCESS = /^ninjatrader(\.exe)?$/i;

export interface ProcessInfo {
  pid: number;
  name: string;
}

type ProcessLister = () => Promise<ReadonlyArray<{ name: string; pid?: number }>>;

/** This computer's processes, as the NT8 watch sees them; injectable for tests. */
export interface ProcessTable {
  /** Every process (a light list); rejects when it cannot list them. */
  list(): Promise<readonly ProcessInfo[]>;
  /** Whether this process still exists: one signal-0 call, no process list. */
  alive(pid: number): boolean;
}

async function defaultLister(): Promise<ReadonlyArray<{ name: string; pid: number }>> {
  // Loaded on demand: ps-list spawns a helper and is only needed on Windows.
  const { default: psList } = await import('ps-list');
  return psList();
}

/** The real process table: ps-list for the list, `process.kill(pid, 0)` for one process. */
export const systemProcessTable: ProcessTable = {
  list: defaultLister,
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

/** The NinjaTrader processes in a process list. */
export function nt8Processes<T extends { name: string }>(processes: readonly T[]): T[] {
  return processes.filter((p) => NT8_PROCESS.test(p.name));
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
      return nt8Processes(await list()).length > 0 ? 'running' : 'not_running';
    } catch {
      return 'unknown';
    }
  };
}
