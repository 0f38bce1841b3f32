// The composition root: builds the engine and the small controllers (window, tray, notifications,
// sign-in, power, autostart), wires engine events to AppState, AppState to the window and the
// tray, and registers the IPC handlers. main.ts owns the app lifecycle and calls this once ready.
import { join } from 'node:path';
import { clipboard } from 'electron';
import type { ProblemId } from '../shared/health';
import type { AppState, PauseRequest } from '../shared/ipc';
import { redact } from '../shared/redact';
import { checkMcpUrl, type Settings } from '../shared/settings';
import { AppStateStore } from './app-state';
import { AutostartController } from './autostart';
import { openExternalLink } from './external';
import { registerInvokeHandlers, type InvokeHandlers } from './ipc';
import type { Log } from './log';
import type { EngineOptions, MonitorEngine, Nt8ProcessCheck } from './monitor/engine-types';
import { startClientAudit } from './monitor/clients/auditor';
import type { ClientEnvironment } from './monitor/clients/locations';
import { NotificationController } from './notifications';
import type { AppPaths } from './paths';
import { isPaused, pauseUntil } from './policy/pause';
import type { TrayAction } from './policy/tray-menu';
import { PowerController } from './power';
import { AUTH_FILE_NAME, probeSecretStorage, SafeStorageTokenStore } from './secrets';
import { SettingsStore } from './settings-store';
import { ShellStateStore } from './shell-state';
import { SignInController } from './sign-in';
import { TrayController } from './tray';
import { WindowController } from './window';

export const PRODUCT_NAME = 'CrossTrade MCP Monitor';
export const APP_ID = 'io.crosstrade.mcp-monitor';
/** Overrides the MCP URL at start (the demo's simulator, end-to-end tests); saved to settings. */
export const MCP_URL_ENV = 'CROSSTRADE_MCP_URL';

export interface ShellDeps {
  createEngine: (options: EngineOptions) => MonitorEngine;
  paths: AppPaths;
  userData: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  appVersion: string;
  /** Launched at login: stay in the tray. */
  startHidden: boolean;
  log: Log;
  quit: () => void;
  /** Where the trader's AI clients keep their configs; no audit when absent. */
  clientEnvironment?: ClientEnvironment;
  /** The engine's NT8 process check when the setting is on (undefined: the engine's default). */
  nt8ProcessCheck?: Nt8ProcessCheck;
  now?: () => number;
}

export interface Shell {
  readonly state: AppStateStore;
  readonly engine: MonitorEngine;
  readonly window: WindowController;
  readonly tray: TrayController;
  readonly notifications: NotificationController;
  readonly handlers: InvokeHandlers;
  readonly actions: Record<TrayAction, () => void>;
  openWindow(problemId?: ProblemId): void;
  /** Lets the window close for real; call on before-quit. */
  prepareToQuit(): void;
  /** Stops every controller and the engine (which flushes its history). */
  stop(): Promise<void>;
}

const notCheckable: Nt8ProcessCheck = async () => 'unknown';

export async function startShell(deps: ShellDeps): Promise<Shell> {
  const { log, platform, paths } = deps;
  const now = deps.now ?? Date.now;

  const settings = SettingsStore.open(deps.userData, { log });
  const shellState = ShellStateStore.open(deps.userData, log);
  const override = deps.env[MCP_URL_ENV];
  if (override) {
    const check = checkMcpUrl(override);
    if (check.ok) settings.update({ mcpUrl: override });
    else log('warn', `Ignored ${MCP_URL_ENV}: ${check.error}`);
  }

  const tokenStore = new SafeStorageTokenStore({
    file: join(deps.userData, AUTH_FILE_NAME),
    decision: await probeSecretStorage(platform, shellState.get().unencryptedTokensOptIn),
    log,
  });

  const nt8Check = (s: Settings): Nt8ProcessCheck | undefined =>
    s.nt8LocalCheck ? deps.nt8ProcessCheck : notCheckable;
  const initial = settings.get();
  const initialCheck = nt8Check(initial);
  // The AI-client audit: scanned at start, on Check now and when a config file changes.
  const clients = deps.clientEnvironment
    ? startClientAudit({
        environment: deps.clientEnvironment,
        log,
        onReport: (report) => {
          state.update({ aiClients: report.clients });
          void engine.checkNow().catch(logFailure('Re-checking after an AI-client change'));
        },
      })
    : undefined;
  // "Checking…" shows the moment the trader asks, not after the AI-client rescan that precedes
  // the check (file reads can take a while on a slow disk).
  const checkNow = async () => {
    state.update({ checking: true });
    try {
      if (clients) await clients.rescan();
      await engine.checkNow();
    } finally {
      state.update({ checking: engine.checking });
    }
  };

  const engine = deps.createEngine({
    serverUrl: initial.mcpUrl,
    tokenStore,
    stateDir: join(deps.userData, 'state'),
    intervalSec: initial.intervalSec,
    ...(initialCheck ? { nt8ProcessCheck: initialCheck } : {}),
    clientName: PRODUCT_NAME,
    clientVersion: deps.appVersion,
    clientFindings: () => clients?.latest?.findings,
    log,
  });

  const pausedAtStart = shellState.get().notificationsPausedUntil;
  const state = new AppStateStore({
    snapshot: engine.snapshot,
    checking: engine.checking,
    ...(engine.nextCheckAt ? { nextCheckAt: engine.nextCheckAt } : {}),
    ...(isPaused(pausedAtStart, now()) ? { notificationsPausedUntil: pausedAtStart } : {}),
    history: engine.history(),
    settings: initial,
    secretStorage: tokenStore.mode,
    signIn: { state: 'idle' },
    appVersion: deps.appVersion,
    notices: settings.notices,
  });

  const window = new WindowController({
    paths,
    platform,
    loadBounds: () => shellState.get().windowBounds,
    saveBounds: (windowBounds) => shellState.update({ windowBounds }),
    log,
  });
  const openWindow = (problemId?: ProblemId) => {
    state.update({ focusProblem: problemId });
    window.open();
  };

  // Notification pause: kept across restarts, cleared by a timer when it ends.
  let pauseTimer: ReturnType<typeof setTimeout> | undefined;
  const setPause = (until: string | undefined) => {
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = undefined;
    shellState.update({ notificationsPausedUntil: until });
    state.update({ notificationsPausedUntil: until });
    if (until) {
      const delay = Math.min(Math.max(0, Date.parse(until) - now()), 2 ** 31 - 1);
      pauseTimer = setTimeout(() => setPause(undefined), delay);
      pauseTimer.unref?.();
    }
  };
  const pause = (request: PauseRequest) =>
    setPause(pauseUntil(request, new Date(now())).toISOString());
  if (state.get().notificationsPausedUntil) setPause(state.get().notificationsPausedUntil);

  const notifications = new NotificationController({
    isWindowFocused: () => window.isFocused(),
    isPaused: (at) => isPaused(state.get().notificationsPausedUntil, at),
    toggles: () => settings.get().notifications,
    openWindow,
    loadMemory: () => shellState.get().notificationMemory,
    saveMemory: (notificationMemory) => shellState.update({ notificationMemory }),
    notificationId: APP_ID,
    ...(platform === 'darwin' ? {} : { icon: paths.appIcon }),
    now,
    log,
  });

  const signIn = new SignInController({
    engine,
    onState: (signInState) => state.update({ signIn: signInState }),
    log,
  });

  const autostart = new AutostartController({
    platform,
    env: deps.env,
    execPath: deps.execPath,
    name: PRODUCT_NAME,
    log,
  });

  const logFailure = (what: string) => (error: unknown) =>
    log('warn', `${what} failed: ${String(error)}`);

  const toggleUnencryptedTokens = async () => {
    const optIn = !shellState.get().unencryptedTokensOptIn;
    shellState.update({ unencryptedTokensOptIn: optIn });
    await tokenStore.setDecision(await probeSecretStorage(platform, optIn));
    state.update({ secretStorage: tokenStore.mode });
    tray.render();
  };

  const actions: Record<TrayAction, () => void> = {
    open: () => openWindow(),
    check_now: () => void checkNow().catch(logFailure('Check now')),
    pause_1h: () => pause({ minutes: 60 }),
    pause_tomorrow: () => pause({ until: 'tomorrow' }),
    resume_notifications: () => setPause(undefined),
    sign_in: () => void signIn.signIn(),
    sign_out: () => void signIn.signOut(),
    toggle_launch_at_login: () =>
      void settings.update({ launchAtLogin: !settings.get().launchAtLogin }),
    toggle_unencrypted_tokens: () =>
      void toggleUnencryptedTokens().catch(logFailure('Changing token storage')),
    quit: () => deps.quit(),
  };

  const tray = new TrayController({
    platform,
    iconDir: paths.trayIconDir,
    actions,
    input: () => {
      const current = state.get();
      return {
        snapshot: current.snapshot,
        checking: current.checking,
        ...(current.notificationsPausedUntil
          ? { notificationsPausedUntil: current.notificationsPausedUntil }
          : {}),
        signIn: current.signIn,
        launchAtLogin: current.settings.launchAtLogin,
        basicTextFallback: tokenStore.basicTextFallback,
        unencryptedOptIn: shellState.get().unencryptedTokensOptIn,
      };
    },
    now,
  });

  const handlers: InvokeHandlers = {
    'monitor:get-state': (): AppState => state.get(),
    'monitor:check-now': async () => {
      await checkNow();
    },
    'monitor:sign-in': () => signIn.signIn(),
    'monitor:sign-out': () => signIn.signOut(),
    'monitor:pause-notifications': (request) => pause(request),
    'monitor:resume-notifications': () => setPause(undefined),
    'monitor:open-external': (link) => openExternalLink(link, log),
    'monitor:copy-diagnostics': async () => {
      try {
        const report = await engine.report();
        clipboard.writeText(redact(report.text));
        return { ok: true };
      } catch (error) {
        return { ok: false, error: redact(String(error)) };
      }
    },
    'monitor:get-settings': () => settings.get(),
    'monitor:set-settings': (patch) => settings.update(patch),
  };
  const unregisterIpc = registerInvokeHandlers(
    handlers,
    (event) => window.isTrustedSender(event),
    log,
  );

  // Engine → AppState → window and tray.
  const unsubscribers = [
    engine.on('snapshot', (snapshot) => state.update({ snapshot, history: engine.history() })),
    engine.on('schedule', ({ checking, nextCheckAt }) => state.update({ checking, nextCheckAt })),
    engine.on('transition', (transition) => {
      notifications.handle(transition);
    }),
    state.subscribe((current) => {
      window.send('monitor:state', current);
      tray.render();
    }),
    settings.onChange((next, previous) => {
      state.update({ settings: next });
      const check = nt8Check(next);
      engine.configure({
        serverUrl: next.mcpUrl,
        intervalSec: next.intervalSec,
        ...(next.nt8LocalCheck !== previous.nt8LocalCheck && check
          ? { nt8ProcessCheck: check }
          : {}),
      });
      if (next.launchAtLogin !== previous.launchAtLogin) void autostart.apply(next.launchAtLogin);
    }),
  ];

  const power = new PowerController({ engine, log });
  void autostart.apply(initial.launchAtLogin);
  tray.start();
  power.start();
  engine.start();
  if (!deps.startHidden) openWindow();

  let stopped = false;
  return {
    state,
    engine,
    window,
    tray,
    notifications,
    handlers,
    actions,
    openWindow,
    prepareToQuit: () => window.prepareToQuit(),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (pauseTimer) clearTimeout(pauseTimer);
      power.stop();
      signIn.cancel();
      notifications.dismiss();
      for (const off of unsubscribers) off();
      unregisterIpc();
      tray.stop();
      clients?.stop();
      window.prepareToQuit();
      await engine.stop();
    },
  };
}
