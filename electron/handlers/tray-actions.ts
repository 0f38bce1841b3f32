// What each tray menu item does, built from the controllers it is given. No electron import.
// Menu clicks have no one to answer: failures are logged.
import type { PauseRequest } from '../../shared/ipc';
import type { Logger } from '../monitor/log';
import type { TrayAction } from '../policy/tray-menu';

export interface TrayActionDeps {
  openWindow: () => void;
  checkNow: () => Promise<void>;
  pause: { pause(request: PauseRequest): void; resume(): void };
  signIn: { signIn(): Promise<unknown>; signOut(): Promise<unknown> };
  toggleLaunchAtLogin: () => void;
  toggleUnencryptedTokens: () => Promise<void>;
  /** Restart into a downloaded update (only offered once one is ready). */
  installUpdate?: () => void;
  quit: () => void;
  log: Logger;
}

export function createTrayActions(deps: TrayActionDeps): Record<TrayAction, () => void> {
  const logFailure = (what: string) => (error: unknown) =>
    deps.log('warn', `${what} failed: ${String(error)}`);
  return {
    open: () => deps.openWindow(),
    check_now: () => void deps.checkNow().catch(logFailure('Check now')),
    pause_1h: () => deps.pause.pause({ minutes: 60 }),
    pause_tomorrow: () => deps.pause.pause({ until: 'tomorrow' }),
    resume_notifications: () => deps.pause.resume(),
    sign_in: () => void deps.signIn.signIn().catch(logFailure('Sign-in')),
    sign_out: () => void deps.signIn.signOut().catch(logFailure('Sign-out')),
    toggle_launch_at_login: () => deps.toggleLaunchAtLogin(),
    toggle_unencrypted_tokens: () =>
      void deps.toggleUnencryptedTokens().catch(logFailure('Changing token storage')),
    install_update: () => deps.installUpdate?.(),
    quit: () => deps.quit(),
  };
}
