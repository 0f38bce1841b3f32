// Launch at login: app.setLoginItemSettings on Windows and macOS (started hidden), an XDG
// autostart entry (~/.config/autostart/….desktop) on Linux.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import type { Logger } from './monitor/log';
import {
  AUTOSTART_FILE_NAME,
  HIDDEN_FLAG,
  autostartDesktopEntry,
  autostartMethod,
  autostartWanted,
} from './policy/autostart';

export interface AutostartOptions {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  execPath: string;
  name: string;
  /** app.isPackaged: only an installed app registers itself. */
  packaged: boolean;
  log: Logger;
}

export class AutostartController {
  constructor(private readonly options: AutostartOptions) {}

  /** ~/.config/autostart/io.crosstrade.mcp-monitor.desktop (XDG_CONFIG_HOME respected). */
  desktopFile(): string {
    const configHome = this.options.env.XDG_CONFIG_HOME || join(homedir(), '.config');
    return join(configHome, 'autostart', AUTOSTART_FILE_NAME);
  }

  async apply(setting: boolean): Promise<void> {
    const { platform, log } = this.options;
    const enabled = autostartWanted(setting, this.options.packaged);
    if (setting && !enabled) log('info', 'Launch at login is only set up by the installed app.');
    try {
      switch (autostartMethod(platform)) {
        case 'login-item':
          app.setLoginItemSettings({
            openAtLogin: enabled,
            // Windows: the registry entry runs the app with this flag, so it starts in the tray.
            // macOS (no `openAsHidden` in Electron 45): main reads `wasOpenedAtLogin` instead.
            args: [HIDDEN_FLAG],
          });
          return;
        case 'xdg-autostart':
          if (enabled) {
            const file = this.desktopFile();
            await mkdir(join(file, '..'), { recursive: true });
            // From an AppImage, start the AppImage itself: the mounted execPath changes every run.
            const exec = this.options.env.APPIMAGE || this.options.execPath;
            await writeFile(file, autostartDesktopEntry({ name: this.options.name, exec }), {
              mode: 0o644,
            });
          } else {
            await rm(this.desktopFile(), { force: true });
          }
          return;
        case 'unsupported':
          log('info', `Launch at login is not supported on ${platform}.`);
          return;
      }
    } catch (error) {
      log('warn', `Could not change launch at login: ${String(error)}`);
    }
  }
}
