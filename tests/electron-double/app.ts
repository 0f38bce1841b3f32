// `app` of the double: paths under a test folder, the ready promise (a test says when the app is
// ready), the single-instance lock (per userData folder, shared by every double in this process,
// so a second launch reaches the first as 'second-instance'), login items recorded, and
// quit/exit with Electron's event order: before-quit → windows close → will-quit → quit.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { ElectronEvent, emitCancellable } from './events';

/** userData folder → the app holding its lock: the OS-level lock, for this process. */
const instanceLocks = new Map<string, AppDouble>();

export interface LoginItemSettings {
  openAtLogin: boolean;
  openAsHidden: boolean;
  wasOpenedAtLogin: boolean;
  wasOpenedAsHidden: boolean;
  restoreState: boolean;
  executableWillLaunchAtLogin: boolean;
  launchItems: unknown[];
}

const LOGIN_ITEMS: LoginItemSettings = {
  openAtLogin: false,
  openAsHidden: false,
  wasOpenedAtLogin: false,
  wasOpenedAsHidden: false,
  restoreState: false,
  executableWillLaunchAtLogin: false,
  launchItems: [],
};

export interface AppDoubleOptions {
  /** Folder for appData, home, temp, logs… */
  root: string;
  version: string;
  isPackaged: boolean;
  /** The windows to close on quit. */
  windows: () => Array<{ isDestroyed(): boolean; close(): void; destroy(): void }>;
  /** argv a second instance passes (what Electron gives 'second-instance'). */
  argv?: string[];
  /** Whether `app.dock` exists; Electron has it on macOS only. */
  dock?: boolean;
}

export class AppDouble extends EventEmitter {
  isPackaged: boolean;
  /** Undefined off macOS, as in Electron (unless the options ask for it). */
  readonly dock: { hide(): void; show(): Promise<void> } | undefined;
  readonly loginItemRequests: unknown[] = [];
  readonly appUserModelIds: string[] = [];
  /** Exit code once the app has quit or exited. */
  exitCode: number | undefined;
  exited!: Promise<number>;
  private appName = 'Electron';
  private readonly paths = new Map<string, string>();
  private ready = false;
  private readonly readyPromise: Promise<void>;
  private markReadyNow: () => void = () => {};
  private markExited: (code: number) => void = () => {};
  private loginItems = { ...LOGIN_ITEMS };
  private lockKey: string | undefined;

  constructor(private readonly options: AppDoubleOptions) {
    super();
    this.isPackaged = options.isPackaged;
    this.dock =
      (options.dock ?? process.platform === 'darwin')
        ? { hide() {}, show: async () => {} }
        : undefined;
    this.readyPromise = new Promise((resolve) => {
      this.markReadyNow = resolve;
    });
    this.reset();
  }

  /** Test control: back to a fresh start (readiness stays: Electron starts once per process). */
  reset(): void {
    this.removeAllListeners();
    this.releaseSingleInstanceLock();
    this.isPackaged = this.options.isPackaged;
    this.appName = 'Electron';
    this.loginItems = { ...LOGIN_ITEMS };
    this.loginItemRequests.length = 0;
    this.appUserModelIds.length = 0;
    this.exitCode = undefined;
    this.exited = new Promise((resolve) => {
      this.markExited = resolve;
    });
    const { root } = this.options;
    this.paths.clear();
    for (const [name, path] of Object.entries({
      home: join(root, 'home'),
      appData: join(root, 'appData'),
      temp: join(root, 'temp'),
      desktop: join(root, 'home', 'Desktop'),
      documents: join(root, 'home', 'Documents'),
      downloads: join(root, 'home', 'Downloads'),
      exe: process.execPath,
    })) {
      this.paths.set(name, path);
    }
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

  getLoginItemSettings(): LoginItemSettings {
    return { ...this.loginItems };
  }

  setLoginItemSettings(settings: Partial<LoginItemSettings> & Record<string, unknown>): void {
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
          new ElectronEvent(),
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
    this.emit('ready', new ElectronEvent(), {});
    this.markReadyNow();
  }

  /** Electron's quit: cancelled by before-quit, by a window refusing to close, or by will-quit. */
  quit(): void {
    if (this.exitCode !== undefined) return;
    if (emitCancellable(this, 'before-quit').defaultPrevented) return;
    for (const win of this.options.windows()) if (!win.isDestroyed()) win.close();
    if (this.options.windows().some((win) => !win.isDestroyed())) return;
    if (emitCancellable(this, 'will-quit').defaultPrevented) return;
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
    if (emitQuit) this.emit('quit', new ElectronEvent(), code);
    this.markExited(code);
  }
}
