// `app` of the stand-in: paths under a test folder, the ready promise (a test says when the app
// is ready), the single-instance lock (per userData folder, shared by every stand-in in this
// process, so a second launch reaches the first as 'second-instance'), login items recorded,
// and quit/exit with Electron's event order: before-quit → windows close → will-quit → quit.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { emitCancellable, StandInEvent } from './events';

/** userData folder → the app holding its lock: the OS-level lock, for this process. */
const instanceLocks = new Map<string, AppStandIn>();

export interface LoginItemSettingsStandIn {
  openAtLogin: boolean;
  openAsHidden: boolean;
  wasOpenedAtLogin: boolean;
  wasOpenedAsHidden: boolean;
  restoreState: boolean;
  executableWillLaunchAtLogin: boolean;
  launchItems: unknown[];
}

export interface AppStandInOptions {
  /** Folder for appData, home, temp, logs… */
  root: string;
  version: string;
  isPackaged: boolean;
  /** The windows to close on quit. */
  windows: () => Array<{ isDestroyed(): boolean; close(): void; destroy(): void }>;
  /** argv a second instance passes (what Electron gives 'second-instance'). */
  argv?: string[];
}

export class AppStandIn extends EventEmitter {
  isPackaged: boolean;
  /** Undefined off macOS, as in Electron. */
  readonly dock: { hide(): void; show(): Promise<void> } | undefined;
  readonly loginItemRequests: unknown[] = [];
  readonly appUserModelIds: string[] = [];
  /** Exit code once the app has quit or exited. */
  exitCode: number | undefined;
  readonly exited: Promise<number>;
  private appName = 'Electron';
  private readonly paths = new Map<string, string>();
  private ready = false;
  private readonly readyPromise: Promise<void>;
  private markReadyNow: () => void = () => {};
  private markExited: (code: number) => void = () => {};
  private loginItems: LoginItemSettingsStandIn = {
    openAtLogin: false,
    openAsHidden: false,
    wasOpenedAtLogin: false,
    wasOpenedAsHidden: false,
    restoreState: false,
    executableWillLaunchAtLogin: false,
    launchItems: [],
  };
  private lockKey: string | undefined;

  constructor(private readonly options: AppStandInOptions) {
    super();
    this.isPackaged = options.isPackaged;
    this.dock = process.platform === 'darwin' ? { hide() {}, show: async () => {} } : undefined;
    const appData = join(options.root, 'appData');
    for (const [name, path] of Object.entries({
      home: join(options.root, 'home'),
      appData,
      temp: join(options.root, 'temp'),
      desktop: join(options.root, 'home', 'Desktop'),
      documents: join(options.root, 'home', 'Documents'),
      downloads: join(options.root, 'home', 'Downloads'),
      exe: process.execPath,
    })) {
      this.paths.set(name, path);
    }
    this.readyPromise = new Promise((resolve) => {
      this.markReadyNow = resolve;
    });
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
  }

  // ── Identity and paths ─────────────────────────────────────────────────────

  get name(): string {
    return this.appName;
  }

  set name(name: string) {
    this.appName = name;
  }

  setName(name: string): void {
    this.appName = name;
  }

  getName(): string {
    return this.appName;
  }

  getVersion(): string {
    return this.options.version;
  }

  getPath(name: string): string {
    if (name === 'userData')
      return this.paths.get('userData') ?? join(this.getPath('appData'), this.appName);
    if (name === 'logs') return this.paths.get('logs') ?? join(this.getPath('userData'), 'logs');
    const path = this.paths.get(name);
    if (!path) throw new Error(`Failed to get '${name}' path`);
    return path;
  }

  setPath(name: string, path: string): void {
    this.paths.set(name, path);
  }

  setAppUserModelId(id: string): void {
    this.appUserModelIds.push(id);
  }

  getLoginItemSettings(): LoginItemSettingsStandIn {
    return { ...this.loginItems };
  }

  setLoginItemSettings(
    settings: Partial<LoginItemSettingsStandIn> & Record<string, unknown>,
  ): void {
    this.loginItemRequests.push(settings);
    this.loginItems = { ...this.loginItems, ...settings };
  }

  // ── Single instance ───────────────────────────────────────────────────────

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (this.lockKey) return true;
    const key = this.getPath('userData');
    const holder = instanceLocks.get(key);
    if (holder && holder.exitCode === undefined) {
      const argv = this.options.argv ?? [process.execPath];
      setImmediate(() =>
        holder.emit(
          'second-instance',
          new StandInEvent(),
          argv,
          process.cwd(),
          additionalData ?? {},
        ),
      );
      return false;
    }
    instanceLocks.set(key, this);
    this.lockKey = key;
    return true;
  }

  hasSingleInstanceLock(): boolean {
    return this.lockKey !== undefined;
  }

  releaseSingleInstanceLock(): void {
    if (this.lockKey && instanceLocks.get(this.lockKey) === this)
      instanceLocks.delete(this.lockKey);
    this.lockKey = undefined;
  }

  // ── Lifecycle ─────────────────────────────────────────────────────────────

  isReady(): boolean {
    return this.ready;
  }

  whenReady(): Promise<void> {
    return this.readyPromise;
  }

  /** Test control: Electron finished starting. */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    this.emit('ready', new StandInEvent(), {});
    this.markReadyNow();
  }

  /** Electron's quit: cancelled by before-quit, by a window refusing to close, or by will-quit. */
  quit(): void {
    if (this.exitCode !== undefined) return;
    if (!emitCancellable(this, 'before-quit')) return;
    for (const win of this.options.windows()) if (!win.isDestroyed()) win.close();
    if (this.options.windows().some((win) => !win.isDestroyed())) return;
    if (!emitCancellable(this, 'will-quit')) return;
    this.finish(0, true);
  }

  /** Exits at once: no before-quit or will-quit, windows destroyed without asking. */
  exit(code = 0): void {
    if (this.exitCode !== undefined) return;
    for (const win of this.options.windows()) if (!win.isDestroyed()) win.destroy();
    this.finish(code, false);
  }

  private finish(code: number, emitQuit: boolean): void {
    this.exitCode = code;
    this.releaseSingleInstanceLock();
    if (emitQuit) this.emit('quit', new StandInEvent(), code);
    this.markExited(code);
  }
}
