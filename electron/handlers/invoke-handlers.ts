// What main answers to each invoke channel, built from the controllers it is given. No electron
// import: the clipboard and the browser come in as functions, so the browser tests run these
// very handlers against the real engine. A handler returns its response or throws a short,
// trader-readable message; dispatch.ts turns either into the IPC envelope.
import type { AgentIncident } from '../../shared/explain';
import type { AppState, ExternalLink, PauseRequest } from '../../shared/ipc';
import { redact } from '../../shared/redact';
import type { Settings, SettingsResult } from '../../shared/settings';
import { orThrow, type ActionResult } from '../action-result';
import type { InvokeHandlers } from './dispatch';

export interface InvokeHandlerDeps {
  state: { get(): AppState };
  /** Check now, as the tray runs it (the AI-client rescan, then the engine's check). */
  checkNow: () => Promise<void>;
  signIn: { signIn(): Promise<ActionResult>; signOut(): Promise<ActionResult> };
  pause: { pause(request: PauseRequest): void; resume(): void };
  settings: { get(): Settings; update(patch: unknown): SettingsResult };
  /** The engine's support report, with the AI client's failure the trader described. */
  report: (incident?: AgentIncident) => Promise<{ text: string }>;
  /** Opens an allow-listed CrossTrade page in the browser. */
  openExternal: (link: ExternalLink) => Promise<ActionResult>;
  /** Puts text on the system clipboard. */
  writeClipboard: (text: string) => void;
  /** Restarts into a downloaded update; false when none is ready (or no updater here). */
  installUpdate?: () => boolean;
}

export function createInvokeHandlers(deps: InvokeHandlerDeps): InvokeHandlers {
  return {
    getState: () => deps.state.get(),
    checkNow: () => deps.checkNow(),
    signIn: async () => orThrow(await deps.signIn.signIn()),
    signOut: async () => orThrow(await deps.signIn.signOut()),
    pauseNotifications: (request) => deps.pause.pause(request),
    resumeNotifications: () => deps.pause.resume(),
    openExternal: async (link) => orThrow(await deps.openExternal(link)),
    copyDiagnostics: async (incident) => {
      const report = await deps.report(incident ?? undefined);
      deps.writeClipboard(redact(report.text));
    },
    getSettings: () => deps.settings.get(),
    setSettings: (patch) => {
      const result = deps.settings.update(patch);
      if (!result.ok) throw new Error(result.error);
      return result.settings;
    },
    installUpdate: () => {
      if (!deps.installUpdate?.()) throw new Error('No update is ready to install.');
    },
  };
}
