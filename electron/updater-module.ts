// Loads electron-updater's autoUpdater, only in an installed app (it reads app-update.yml, which
// only a package has). Its own module so tests of main can stand in for it: outside a package
// its require('electron') would reach the real electron package, which downloads a binary.
// A failure to load costs the updates, never the app.
import type { Logger } from './monitor/log';
import type { Updater } from './updates';

export async function loadUpdater(log: Logger): Promise<Updater | undefined> {
  try {
    return (await import('electron-updater')).autoUpdater;
  } catch (error) {
    log('warn', `Updates are off: electron-updater did not load (${String(error)}).`);
    return undefined;
  }
}
