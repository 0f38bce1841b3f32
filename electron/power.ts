// Power and network: suspend pauses the checks; resume and unlock re-check after the grace period
// (engine.resume() after a suspend, else a delayed checkNow); coming back online re-checks at once.
import { net, powerMonitor } from 'electron';
import type { MonitorEngine } from './monitor/engine-types';
import { DEFAULT_TIMING } from './monitor/check/scheduler';
import type { Logger } from './monitor/log';

export interface PowerControllerOptions {
  engine: Pick<MonitorEngine, 'pause' | 'resume' | 'checkNow' | 'checking' | 'nextCheckAt'>;
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
      // engine.resume() does nothing unless paused, and a screen lock rarely suspends: re-check
      // ourselves once the grace period is over, unless a check is due by then anyway (resume
      // followed by unlock-screen, several wake events) so one wake makes one check.
      const delayMs = this.options.resumeDelayMs ?? DEFAULT_TIMING.resumeDelayMs;
      const next = engine.nextCheckAt ? Date.parse(engine.nextCheckAt) : Infinity;
      if (this.wakeTimer || engine.checking || next <= Date.now() + delayMs) return;
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = undefined;
        engine.checkNow().catch((error: unknown) => {
          log('warn', `Re-check after ${why.toLowerCase()} failed: ${String(error)}`);
        });
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
    this.options.log('info', 'Network is back: checking now.');
    this.options.engine.checkNow().catch((error: unknown) => {
      this.options.log('warn', `Re-check after the network came back failed: ${String(error)}`);
    });
  }
}
