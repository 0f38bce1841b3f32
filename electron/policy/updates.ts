// Pure decision: no Electron, no I/O; the adapters apply it.
//
// Updates (electron-updater, GitHub releases): whether to check at all, what the trader sees,
// and what an error says. Checks run at start and every 6 hours, downloads happen in the
// background, and the app never restarts on its own: a downloaded update waits for the trader's
// "Restart to install vX.Y.Z" (tray item and window banner), or installs when the app quits.

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdateScheduleInput {
  /** The `checkForUpdates` setting. */
  enabled: boolean;
  /** Only a packaged app has a release to update from (and an app-update.yml). */
  packaged: boolean;
  /** `npm run demo`: a simulator, not a release; never checks. */
  demo: boolean;
}

export type UpdateSchedule =
  { check: true; atStart: true; everyMs: number } | { check: false; reason: string };

export function updateSchedule(input: UpdateScheduleInput): UpdateSchedule {
  if (input.demo) return { check: false, reason: 'the demo never checks for updates' };
  if (!input.packaged) return { check: false, reason: 'not a packaged app' };
  if (!input.enabled) return { check: false, reason: 'update checks are off in Settings' };
  return { check: true, atStart: true, everyMs: UPDATE_CHECK_INTERVAL_MS };
}

export type UpdateStatus =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up_to_date' }
  | { state: 'downloading'; version: string }
  | { state: 'downloaded'; version: string }
  | { state: 'error'; message: string };

export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'not_available' }
  | { type: 'available'; version: string }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; error: unknown; online: boolean };

/** The status after an updater event. A downloaded update stays offered whatever comes next. */
export function nextUpdateStatus(current: UpdateStatus, event: UpdateEvent): UpdateStatus {
  if (current.state === 'downloaded' && event.type !== 'downloaded') return current;
  switch (event.type) {
    case 'checking':
      return current.state === 'downloading' ? current : { state: 'checking' };
    case 'not_available':
      return { state: 'up_to_date' };
    case 'available':
      return { state: 'downloading', version: event.version };
    case 'downloaded':
      return { state: 'downloaded', version: event.version };
    case 'error': {
      const message = updateErrorMessage(event.error, event.online);
      // Offline: nothing to tell; the next check tries again.
      return message === undefined ? { state: 'idle' } : { state: 'error', message };
    }
  }
}

const NETWORK_CODES =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_\w+)\b/;

/**
 * One sentence for the log and the window, or undefined when there is nothing worth saying
 * (offline, or a network failure while the computer has no network).
 */
export function updateErrorMessage(error: unknown, online: boolean): string | undefined {
  const text = error instanceof Error ? error.message : String(error);
  if (!online || NETWORK_CODES.test(text)) return undefined;
  if (/\b404\b|latest[\w-]*\.yml|no published versions/i.test(text)) {
    return 'Could not check for updates: the release feed is missing; download the latest version from GitHub Releases.';
  }
  if (/signature|code sign|not signed/i.test(text)) {
    return 'An update was downloaded but its signature did not verify, so it was not installed.';
  }
  return 'Could not check for updates; the next check is in 6 hours.';
}

export interface UpdatePresentation {
  /** Tray menu item and window banner text; both install on click. */
  restartLabel?: string;
  /** A short line for the About/Settings area. */
  statusLine: string;
}

export function updatePresentation(status: UpdateStatus): UpdatePresentation {
  switch (status.state) {
    case 'downloaded':
      return {
        restartLabel: `Restart to install v${status.version}`,
        statusLine: `Version ${status.version} is ready to install.`,
      };
    case 'downloading':
      return { statusLine: `Downloading version ${status.version}…` };
    case 'checking':
      return { statusLine: 'Checking for updates…' };
    case 'up_to_date':
      return { statusLine: 'Up to date.' };
    case 'error':
      return { statusLine: status.message };
    case 'idle':
      return { statusLine: '' };
  }
}
