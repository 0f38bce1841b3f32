// Power and network: suspend pauses the checks; resume and unlock re-check after the engine's
// grace period (engine.resume()); coming back online re-checks at once.
import { net, powerMonitor } from 'electron';
import type { MonitorEngine } from './monitor/api';
import type { Log } from './log';

export interface PowerControllerOptions {
  engine: Pick<MonitorEngine, 'pause' | 'resume' | 'checkNow'>;
  log: Log;
  /** How often to look at the network state; default 15 s. */
  onlinePollMs?: number;
  isOnline?: () => boolean;
}

export const ONLINE_POLL_MS = 15_000;

export class PowerController {
  private timer: ReturnType<typeof setInterval> | undefined;
  private online = true;
  private suspended = false;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly options: PowerControllerOptions) {}

  start(): void {
    const { engine, log } = this.options;
    const onSuspend = () => {
      this.suspended = true;
      log('info', 'System suspending: checks paused.');
      engine.pause();
    };
    const wake = (why: string) => () => {
      this.suspended = false;
      log('info', `${why}: checking again after the grace period.`);
      engine.resume();
    };
    const onResume = wake('System resumed');
    const onUnlock = wake('Screen unlocked');
    powerMonitor.on('suspend', onSuspend);
    powerMonitor.on('resume', onResume);
    powerMonitor.on('unlock-screen', onUnlock);
    this.unsubscribers.push(
      () => powerMonitor.removeListener('suspend', onSuspend),
      () => powerMonitor.removeListener('resume', onResume),
      () => powerMonitor.removeListener('unlock-screen', onUnlock),
    );

    const isOnline = this.options.isOnline ?? (() => net.isOnline());
    this.online = isOnline();
    this.timer = setInterval(
      () => this.pollNetwork(isOnline),
      this.options.onlinePollMs ?? ONLINE_POLL_MS,
    );
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribers.splice(0)) off();
  }

  private pollNetwork(isOnline: () => boolean): void {
    const now = isOnline();
    const cameBack = now && !this.online;
    this.online = now;
    if (!cameBack || this.suspended) return;
    this.options.log('info', 'Network is back: checking now.');
    this.options.engine.checkNow().catch((error: unknown) => {
      this.options.log('warn', `Re-check after the network came back failed: ${String(error)}`);
    });
  }
}
