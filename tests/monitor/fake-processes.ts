// A process table and a clock the tests drive: NinjaTrader starts and exits when the test says.
import type { ProcessInfo, ProcessTable } from '../../electron/monitor/check/nt8-process';
import type { WatchClock } from '../../electron/monitor/check/nt8-watch';

export class FakeProcessTable implements ProcessTable {
  private processes: ProcessInfo[] = [{ pid: 4, name: 'System' }];
  private nextPid = 7000;
  lists = 0;
  signals = 0;

  startNt8(): number {
    const pid = this.nextPid++;
    this.processes.push({ pid, name: 'NinjaTrader.exe' });
    return pid;
  }

  closeNt8(): void {
    this.processes = this.processes.filter((p) => !/ninjatrader/i.test(p.name));
  }

  async list(): Promise<readonly ProcessInfo[]> {
    this.lists++;
    return [...this.processes];
  }

  alive(pid: number): boolean {
    this.signals++;
    return this.processes.some((p) => p.pid === pid);
  }
}

/** Timers that fire only when the test advances time. */
export class FakeClock implements WatchClock {
  private time = 0;
  private timers = new Map<number, { at: number; run: () => void }>();
  private nextId = 1;

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.time = end;
  }
}
