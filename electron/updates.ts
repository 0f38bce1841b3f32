// Updates from GitHub releases through electron-updater, applied as electron/policy/updates.ts
// decides: check at start and every 6 hours, download in the background, offer "Restart to
// install vX.Y.Z", and install only when the trader asks (or when the app quits anyway).
// No electron import: main.ts hands in electron-updater's autoUpdater (only in a packaged app).
import type { Logger } from './monitor/log';
import {
  nextUpdateStatus,
  updateSchedule,
  type UpdateEvent,
  type UpdateScheduleInput,
  type UpdateStatus,
} from './policy/updates';

/** The part of electron-updater's AppUpdater this controller drives. */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'checking-for-update' | 'update-not-available', listener: () => void): unknown;
  on(
    event: 'update-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdateControllerOptions {
  updater: Updater | undefined;
  packaged: boolean;
  demo: boolean;
  isOnline: () => boolean;
  onStatus: (status: UpdateStatus) => void;
  log: Logger;
  setInterval?: (run: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

export class UpdateController {
  private status: UpdateStatus = { state: 'idle' };
  private timer: unknown;
  private listening = false;

  constructor(private readonly options: UpdateControllerOptions) {}

  get current(): UpdateStatus {
    return this.status;
  }

  /** Starts or stops the checks for the `checkForUpdates` setting; call again when it changes. */
  apply(enabled: boolean): void {
    const input: UpdateScheduleInput = {
      enabled,
      packaged: this.options.packaged,
      demo: this.options.demo,
    };
    const schedule = updateSchedule(input);
    this.stop();
    const { updater, log } = this.options;
    if (!schedule.check || !updater) {
      if (!schedule.check) log('info', `No update checks: ${schedule.reason}.`);
      return;
    }
    this.listen(updater);
    const every = this.options.setInterval ?? ((run, ms) => setInterval(run, ms).unref());
    this.timer = every(() => this.check(), schedule.everyMs);
    this.check();
  }

  /** "Restart to install": only ever from the trader's click. */
  install(): boolean {
    if (this.status.state !== 'downloaded' || !this.options.updater) return false;
    this.options.updater.quitAndInstall(false, true);
    return true;
  }

  stop(): void {
    if (this.timer === undefined) return;
    (this.options.clearInterval ?? ((handle) => clearInterval(handle as NodeJS.Timeout)))(
      this.timer,
    );
    this.timer = undefined;
  }

  private check(): void {
    const { updater } = this.options;
    if (!updater) return;
    // Through a promise: an updater that throws synchronously must not break start-up.
    Promise.resolve()
      .then(() => updater.checkForUpdates())
      .catch((error: unknown) =>
        this.handle({ type: 'error', error, online: this.options.isOnline() }),
      );
  }

  private listen(updater: Updater): void {
    if (this.listening) return;
    this.listening = true;
    updater.autoDownload = true;
    // Installing on a quit the trader chose is not a restart of our own.
    updater.autoInstallOnAppQuit = true;
    updater.on('checking-for-update', () => this.handle({ type: 'checking' }));
    updater.on('update-not-available', () => this.handle({ type: 'not_available' }));
    updater.on('update-available', (info) =>
      this.handle({ type: 'available', version: info.version }),
    );
    updater.on('update-downloaded', (info) =>
      this.handle({ type: 'downloaded', version: info.version }),
    );
    updater.on('error', (error) =>
      this.handle({ type: 'error', error, online: this.options.isOnline() }),
    );
  }

  private handle(event: UpdateEvent): void {
    const next = nextUpdateStatus(this.status, event);
    if (next.state === 'error' && this.status.state !== 'error') {
      this.options.log('warn', next.message);
    }
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    this.options.onStatus(next);
  }
}
