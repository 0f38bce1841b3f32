// Power and network: suspend pauses the checks; resume and unlock re-check after the grace period
// (engine.resume() after a suspend, else a delayed request); coming back online asks at once. Every
// re-check here is one the trader did not ask for: it goes through the engine's budget.
import { net, powerMonitor } from 'electron';
import type { MonitorEngine } from './monitor/engine-types';
import { DEFAULT_TIMING } from './monitor/check/scheduler';
import type { Logger } from './monitor/log';

export interface PowerControllerOptions {
  engine: Pick<MonitorEngine, 'pause' | 'resume' | 'requestCheck'>;
  log: Logger;
  /** How often to look at the network state; default 15 s. */
  onlinePollMs?: number;
  isOnline?: () => boolean;
  /** Wait before the re-check on a wake without a suspend; default: the engine's resume delay. */
  resumeDelayMs?: number;
}

export const ONLINE_POLL_MS = 15_000;

export class PowerController {
  private timer: ReturnType<typeof setInterval> | undefined;
  private online = true;
  private suspended = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly options: PowerControllerOptions) {}

  start(): void {
    const { engine, log } = this.options;
    const onSuspend = () => {
      this.suspended = true;
      this.clearWakeTimer();
      log('info', 'System suspending: checks paused.');
      engine.pause();
    };
    const wake = (why: string) => () => {
      log('info', `${why}: checking again after the grace period.`);
      if (this.suspended) {
        this.suspended = false;
        engine.resume();
        return;
      }
      // engine.resume() does nothing unless paused, and a screen lock rarely suspends: ask for a
      // check once the grace period is over. Several wake events make one request; the engine
      // drops it when a check is due by then anyway.
      const delayMs = this.options.resumeDelayMs ?? DEFAULT_TIMING.resumeDelayMs;
      if (this.wakeTimer) return;
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = undefined;
        engine.requestCheck(why.toLowerCase());
      }, delayMs);
      this.wakeTimer.unref?.();
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
    this.clearWakeTimer();
    for (const off of this.unsubscribers.splice(0)) off();
  }

  private clearWakeTimer(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  private pollNetwork(isOnline: () => boolean): void {
    const now = isOnline();
    const cameBack = now && !this.online;
    this.online = now;
    if (!cameBack || this.suspended) return;
    this.options.log('info', 'Network is back: asking for a check.');
    this.options.engine.requestCheck('network back');
  }
}
