// The composition root: builds the engine and the small controllers (window, tray,
// notifications, sign-in, pause, token storage, power, autostart) and wires them: engine events
// to AppState, AppState to the window and the tray, the IPC table to its handlers. It only wires:
// what each piece does lives in its own module, and every binding is declared before a closure
// uses it. main.ts owns the app lifecycle and calls startApp once Electron is ready.
import { join } from 'node:path';
import { clipboard, net, shell } from 'electron';
import type { ClientFinding, ProblemId } from '../shared/health';
import { APP_ID, MCP_CLIENT_NAME, PRODUCT_NAME } from '../shared/product';
import { checkMcpUrl, type Settings } from '../shared/settings';
import { AppStateStore } from './app-state';
import { AutostartController } from './autostart';
import { PauseController } from './controllers/pause';
import { TokenStorageController } from './controllers/token-storage';
import { DesktopStateStore } from './desktop-state';
import { openExternalLink } from './external';
import { createInvokeHandlers } from './handlers/invoke-handlers';
import { createTrayActions } from './handlers/tray-actions';
import { registerInvokeHandlers } from './ipc';
import type { Logger } from './monitor/log';
import { startClientAudit } from './monitor/clients/auditor';
import type { ClientEnvironment } from './monitor/clients/locations';
import type { EngineOptions, MonitorEngine, Nt8ProcessCheck } from './monitor/engine-types';
import { NotificationController } from './notifications';
import type { AppPaths } from './paths';
import { PowerController } from './power';
import { AUTH_FILE_NAME, probeSecretStorage, SafeStorageTokenStore } from './secrets';
import { SettingsStore } from './settings-store';
import { SignInController } from './sign-in';
import { TrayController } from './tray';
import { UpdateController, type Updater } from './updates';
import { updatePresentation } from './policy/updates';
import { firstRunNotices } from './policy/first-run';
import { WindowController } from './window';

/** Overrides the MCP URL at start (the demo's simulator, end-to-end tests); saved to settings. */
export const MCP_URL_ENV = 'CROSSTRADE_MCP_URL';

export interface AppRootDeps {
  createEngine: (options: EngineOptions) => MonitorEngine;
  paths: AppPaths;
  userData: string;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  appVersion: string;
  /** Launched at login: stay in the tray. */
  startHidden: boolean;
  log: Logger;
  quit: () => void;
  /** Where the trader's AI clients keep their configs; no audit when absent. */
  clientEnvironment?: ClientEnvironment;
  /** The engine's NT8 process check when the setting is on (undefined: the engine's own watch). */
  nt8ProcessCheck?: Nt8ProcessCheck;
  /** electron-updater's autoUpdater (packaged app only); no update checks when absent. */
  updater?: Updater;
  /** app.isPackaged: updates and launch at login only apply to an installed app. */
  packaged?: boolean;
  /** os.release(): tells Windows 11 (the tray-icon tip) from Windows 10. */
  osRelease?: string;
  now?: () => number;
}

/** Set by `npm run demo`: the demo never checks for updates. */
export const DEMO_ENV = 'CROSSTRADE_MONITOR_DEMO';

/** What main.ts drives: the rest is reached through IPC, the tray and the window. */
export interface RunningApp {
  openWindow(problemId?: ProblemId): void;
  /** Lets the window close for real; call on before-quit. */
  prepareToQuit(): void;
  /** Stops every controller and the engine (which flushes its history). */
  stop(): Promise<void>;
}

const notCheckable: Nt8ProcessCheck = async () => 'unknown';

export async function startApp(deps: AppRootDeps): Promise<RunningApp> {
  const { log, platform, paths } = deps;
  const now = deps.now ?? Date.now;

  const settings = SettingsStore.open(deps.userData, { log });
  const desktopState = DesktopStateStore.open(deps.userData, log);
  const override = deps.env[MCP_URL_ENV];
  if (override) {
    const check = checkMcpUrl(override);
    if (check.ok) settings.update({ mcpUrl: override });
    else log('warn', `Ignored ${MCP_URL_ENV}: ${check.error}`);
  }

  const tokenStore = new SafeStorageTokenStore({
    file: join(deps.userData, AUTH_FILE_NAME),
    decision: await probeSecretStorage(platform, desktopState.get().unencryptedTokensOptIn),
    log,
  });
  const tokenStorage = new TokenStorageController({
    load: () => desktopState.get().unencryptedTokensOptIn,
    save: (unencryptedTokensOptIn) => desktopState.update({ unencryptedTokensOptIn }),
    probe: (optIn) => probeSecretStorage(platform, optIn),
    tokenStore,
  });

  // On: the given check, or the engine's own NinjaTrader watch.
  const nt8Check = (s: Settings): Nt8ProcessCheck | 'default' =>
    s.nt8LocalCheck ? (deps.nt8ProcessCheck ?? 'default') : notCheckable;
  const initial = settings.get();
  const initialCheck = nt8Check(initial);
  // The AI-client audit's latest findings, read by every check; set when a scan lands.
  let clientFindings: ClientFinding[] | undefined;
  const engine = deps.createEngine({
    serverUrl: initial.mcpUrl,
    tokenStore,
    stateDir: join(deps.userData, 'state'),
    intervalSec: initial.intervalSec,
    ...(initialCheck !== 'default' ? { nt8ProcessCheck: initialCheck } : {}),
    nt8Location: initial.nt8Location,
    tradingHours: initial.tradingHours,
    clientName: MCP_CLIENT_NAME,
    clientVersion: deps.appVersion,
    clientFindings: () => clientFindings,
    log,
    // Chromium's network stack: the system proxy and PAC file, and the OS certificate store
    // (a company root or an antivirus' re-signing root installed there is trusted).
    fetch: (url, init) => net.fetch(String(url), init),
    isOnline: () => net.isOnline(),
  });

  const pause = new PauseController({
    saved: desktopState.get().notificationsPausedUntil,
    save: (notificationsPausedUntil) => desktopState.update({ notificationsPausedUntil }),
    now,
  });

  const firstRun = firstRunNotices({
    platform,
    osRelease: deps.osRelease ?? '',
    packaged: deps.packaged ?? false,
    launchAtLogin: initial.launchAtLogin,
    shown: desktopState.get().firstRunTipsShown === true,
  });
  if (firstRun.length > 0) desktopState.update({ firstRunTipsShown: true });

  const state = new AppStateStore({
    snapshot: engine.snapshot,
    checking: engine.checking,
    ...(engine.nextCheckAt ? { nextCheckAt: engine.nextCheckAt } : {}),
    ...(pause.until ? { notificationsPausedUntil: pause.until } : {}),
    history: engine.history(),
    settings: initial,
    secretStorage: tokenStorage.mode,
    signIn: { state: 'idle' },
    appVersion: deps.appVersion,
    notices: [...settings.notices, ...firstRun],
  });

  // The AI-client audit: scanned at start, on Check now and when a config file's content changes.
  // Only changed findings ask for a check, and through the engine's budget: a client rewriting
  // its file every second must not spend the trader's CrossTrade rate limit.
  const clients = deps.clientEnvironment
    ? startClientAudit({
        environment: deps.clientEnvironment,
        log,
        onReport: (report) => {
          clientFindings = report.findings;
          state.update({ aiClients: report.clients, aiClientsSearched: report.searched ?? [] });
        },
        onFindingsChanged: () => engine.requestCheck('AI-client settings changed'),
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

  const window = new WindowController({
    paths,
    platform,
    loadBounds: () => desktopState.get().windowBounds,
    saveBounds: (windowBounds) => desktopState.update({ windowBounds }),
    log,
  });
  const openWindow = (problemId?: ProblemId) => {
    state.update({ focusProblem: problemId });
    window.open();
  };

  const notifications = new NotificationController({
    isWindowFocused: () => window.isFocused(),
    isPaused: (at) => pause.isPaused(at),
    toggles: () => settings.get().notifications,
    openWindow,
    loadMemory: () => desktopState.get().notificationMemory,
    saveMemory: (notificationMemory) => desktopState.update({ notificationMemory }),
    notificationId: APP_ID,
    ...(platform === 'darwin' ? {} : { icon: paths.appIcon }),
    now,
    log,
  });

  const signIn = new SignInController({
    engine,
    onState: (signInState) => state.update({ signIn: signInState }),
    openUrl: (url) => shell.openExternal(url),
    log,
  });

  const autostart = new AutostartController({
    platform,
    env: deps.env,
    execPath: deps.execPath,
    name: PRODUCT_NAME,
    packaged: deps.packaged ?? false,
    log,
  });

  const updates = new UpdateController({
    updater: deps.updater,
    packaged: deps.packaged ?? false,
    demo: deps.env[DEMO_ENV] === '1',
    isOnline: () => net.isOnline(),
    onStatus: (status) => state.update({ update: updatePresentation(status) }),
    log,
  });

  const tray = new TrayController({
    platform,
    iconDir: paths.trayIconDir,
    actions: createTrayActions({
      openWindow: () => openWindow(),
      checkNow,
      pause,
      signIn,
      toggleLaunchAtLogin: () =>
        void settings.update({ launchAtLogin: !settings.get().launchAtLogin }),
      toggleUnencryptedTokens: () => tokenStorage.toggle(),
      installUpdate: () => void updates.install(),
      quit: deps.quit,
      log,
    }),
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
        unencryptedOptIn: tokenStorage.optIn,
        ...(current.update?.restartLabel ? { restartToInstall: current.update.restartLabel } : {}),
      };
    },
    now,
  });

  const unregisterIpc = registerInvokeHandlers(
    createInvokeHandlers({
      state,
      checkNow,
      signIn,
      pause,
      settings,
      report: (incident) => engine.report(incident),
      openExternal: (link) => openExternalLink(link, log),
      writeClipboard: (text) => clipboard.writeText(text),
      installUpdate: () => updates.install(),
    }),
    (event) => window.isTrustedSender(event),
    log,
  );

  // Engine, controllers and settings → AppState → window and tray.
  const unsubscribers = [
    engine.on('snapshot', (snapshot) => state.update({ snapshot, history: engine.history() })),
    engine.on('schedule', ({ checking, nextCheckAt }) => state.update({ checking, nextCheckAt })),
    engine.on('transition', (transition) => {
      notifications.handle(transition);
    }),
    pause.subscribe((notificationsPausedUntil) => state.update({ notificationsPausedUntil })),
    // The opt-in's tick in the tray changes even when the storage in use does not.
    tokenStorage.subscribe((secretStorage) => {
      state.update({ secretStorage });
      tray.render();
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
        ...(next.nt8LocalCheck !== previous.nt8LocalCheck ? { nt8ProcessCheck: check } : {}),
        nt8Location: next.nt8Location,
        tradingHours: next.tradingHours,
      });
      if (next.launchAtLogin !== previous.launchAtLogin) void autostart.apply(next.launchAtLogin);
      if (next.checkForUpdates !== previous.checkForUpdates) updates.apply(next.checkForUpdates);
    }),
  ];

  const power = new PowerController({ engine, log });
  pause.start();
  void autostart.apply(initial.launchAtLogin);
  tray.start();
  power.start();
  engine.start();
  updates.apply(initial.checkForUpdates);
  if (!deps.startHidden) openWindow();

  let stopped = false;
  return {
    openWindow,
    prepareToQuit: () => window.prepareToQuit(),
    async stop() {
      if (stopped) return;
      stopped = true;
      pause.stop();
      updates.stop();
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
