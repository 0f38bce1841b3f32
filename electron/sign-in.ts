// Sign-in controller: runs the engine's OAuth flow with the system browser (the injected
// `openUrl`, shell.openExternal in the app; https or loopback addresses only) and tracks its
// state for the window and the tray. A second request while one waits restarts it (the user
// closed the tab, or wants another account). No electron import: the browser tests run it.
import type { SignInState } from '../shared/ipc';
import type { ActionResult } from './action-result';
import { redact } from '../shared/redact';
import type { MonitorEngine } from './monitor/engine-types';
import type { Logger } from './monitor/log';
import { isOpenableSignInUrl } from './policy/external-links';

export interface SignInControllerOptions {
  engine: Pick<MonitorEngine, 'signIn' | 'signOut'>;
  onState: (state: SignInState) => void;
  log: Logger;
  /** Opens the sign-in page in the system browser. */
  openUrl: (url: string) => Promise<void>;
}

const RESTARTED: ActionResult = { ok: false, error: 'Sign-in was restarted.' };

export class SignInController {
  private pending: AbortController | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly options: SignInControllerOptions) {}

  async signIn(): Promise<ActionResult> {
    // One engine sign-in at a time: cancel the waiting one and let it wind down first.
    this.pending?.abort();
    const attempt = new AbortController();
    this.pending = attempt;
    const previous = this.running;
    if (previous) {
      await previous.catch(() => undefined);
      if (attempt.signal.aborted) return RESTARTED;
    }
    this.options.onState({ state: 'waiting' });
    const open = this.options.openUrl;
    const running = this.options.engine.signIn({
      signal: attempt.signal,
      openUrl: async (url) => {
        if (!isOpenableSignInUrl(url))
          throw new Error('Refused to open a sign-in address that is not https.');
        await open(url);
      },
    });
    this.running = running;
    try {
      await running;
    } catch (error) {
      if (attempt.signal.aborted) return RESTARTED;
      const message = redact(error instanceof Error ? error.message : String(error));
      this.options.log('warn', `Sign-in failed: ${message}`);
      this.options.onState({ state: 'failed', message });
      return { ok: false, error: message };
    } finally {
      if (this.running === running) this.running = undefined;
      if (this.pending === attempt) this.pending = undefined;
    }
    this.options.onState({ state: 'idle' });
    // The engine runs a full check after a sign-in by itself.
    this.options.log('info', 'Signed in.');
    return { ok: true };
  }

  async signOut(): Promise<ActionResult> {
    this.cancel();
    try {
      await this.options.engine.signOut();
      this.options.onState({ state: 'idle' });
      return { ok: true };
    } catch (error) {
      const message = redact(error instanceof Error ? error.message : String(error));
      this.options.log('warn', `Sign-out failed: ${message}`);
      return { ok: false, error: message };
    }
  }

  /** Abandons a sign-in that is waiting for the browser (quit, sign-out). */
  cancel(): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) {
      pending.abort();
      this.options.onState({ state: 'idle' });
    }
  }
}
