// Electron main entry (built to out/main/main.cjs with `electron` left external). Owns the app
// lifecycle: single instance, Windows AppUserModelID, no Dock icon on macOS, clean quit; the
// engine and the controllers are composed in app-root.ts once the app is ready.
import { join, resolve } from 'node:path';
import { app } from 'electron';
import { createFileLog } from './log';
import { homedir, release } from 'node:os';
import type { ClientEnvironment } from './monitor/clients/locations';
import { createEngine } from './monitor/engine';
import { appPaths, mainDirOf } from './paths';
import { startsHidden } from './policy/autostart';
import { hardenWebContents } from './security';
import { APP_ID, PRODUCT_NAME } from '../shared/product';
import { startApp, type RunningApp } from './app-root';
import { loadUpdater } from './updater-module';

/** Runs the app with another profile folder (the demo, end-to-end tests). */
export const USER_DATA_ENV = 'CROSSTRADE_MONITOR_USER_DATA';

function main(): void {
  app.setName(PRODUCT_NAME);
  // One profile folder, named after the product, in development and packaged alike.
  const userDataOverride = process.env[USER_DATA_ENV];
  app.setPath(
    'userData',
    userDataOverride ? resolve(userDataOverride) : join(app.getPath('appData'), PRODUCT_NAME),
  );

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  const log = createFileLog(join(app.getPath('userData'), 'logs', 'main.log'), {
    echo: !app.isPackaged,
    debug: process.env.CROSSTRADE_MONITOR_DEBUG === '1',
  });

  let running: RunningApp | undefined;
  let openWhenReady = false;
  let stopped = false;

  // A tray app keeps running with every window closed.
  app.on('window-all-closed', () => {});
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('second-instance', () => {
    if (running) running.openWindow();
    else openWhenReady = true;
  });
  app.on('before-quit', () => running?.prepareToQuit());
  app.on('will-quit', (event) => {
    if (stopped || !running) return;
    event.preventDefault();
    const stopping = running;
    running = undefined;
    stopping
      .stop()
      .catch((error: unknown) => log('error', `Shutdown: ${String(error)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      if (process.platform === 'darwin') app.dock?.hide();
      const wasOpenedAtLogin =
        process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
      running = await startApp({
        createEngine,
        paths: appPaths(mainDirOf(import.meta.url)),
        userData: app.getPath('userData'),
        platform: process.platform,
        env: process.env,
        execPath: process.execPath,
        appVersion: app.getVersion(),
        startHidden: startsHidden(process.argv, wasOpenedAtLogin) && !openWhenReady,
        log,
        clientEnvironment: clientEnvironmentOf(process.platform, process.env),
        quit: () => app.quit(),
        packaged: app.isPackaged,
        osRelease: release(),
        ...(app.isPackaged ? { updater: await loadUpdater(log) } : {}),
      });
      log('info', `${PRODUCT_NAME} ${app.getVersion()} started.`);
    })
    .catch((error: unknown) => {
      log(
        'error',
        `Startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      app.exit(1);
    });
}

/** The audit reads AI-client configs where this OS keeps them; other platforms are not audited. */
function clientEnvironmentOf(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): ClientEnvironment | undefined {
  if (platform !== 'win32' && platform !== 'darwin' && platform !== 'linux') return undefined;
  const appData =
    platform === 'win32' ? env.APPDATA : platform === 'linux' ? env.XDG_CONFIG_HOME : undefined;
  const localAppData = platform === 'win32' ? env.LOCALAPPDATA : undefined;
  return {
    home: homedir(),
    platform,
    ...(appData ? { appData } : {}),
    ...(localAppData ? { localAppData } : {}),
  };
}

main();
