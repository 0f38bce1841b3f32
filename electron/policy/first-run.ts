// Pure decision: no Electron, no I/O; the adapters apply it.
//
// What the window says once, on the installed app's first run: the offer to start at login, and
// on Windows 11 where new tray icons hide behind the "^" arrow, how to pin ours.
import type { AppNotice } from '../../shared/ipc';
import { PRODUCT_NAME } from '../../shared/product';

/** Windows 11 reports itself as Windows 10.0 with build 22000 or later. */
export function isWindows11(platform: NodeJS.Platform, osRelease: string): boolean {
  if (platform !== 'win32') return false;
  const match = /^10\.0\.(\d+)/.exec(osRelease);
  return match !== null && Number(match[1]) >= 22000;
}

export interface FirstRunInput {
  platform: NodeJS.Platform;
  /** os.release(), e.g. "10.0.22631". */
  osRelease: string;
  packaged: boolean;
  launchAtLogin: boolean;
  /** The tips were shown before: they are one-time. */
  shown: boolean;
}

export function firstRunNotices(input: FirstRunInput): AppNotice[] {
  // From `npm start` neither applies: no login item, and the tray icon is Electron's.
  if (input.shown || !input.packaged) return [];
  const notices: AppNotice[] = [];
  if (!input.launchAtLogin) {
    notices.push({
      id: 'offer-launch-at-login',
      level: 'info',
      text: `To have ${PRODUCT_NAME} watch from the moment you log in, switch on "Start the monitor when I log in" in Settings (or "Launch at login" in the tray menu).`,
    });
  }
  if (isWindows11(input.platform, input.osRelease)) {
    notices.push({
      id: 'pin-tray-icon',
      level: 'info',
      text: `Windows 11 hides new tray icons behind the "^" arrow next to the clock. To keep this one in view, open Settings → Personalization → Taskbar → Other system tray icons and switch ${PRODUCT_NAME} on.`,
    });
  }
  return notices;
}
