// The one typed IPC contract between main and the window. Main registers a handler per invoke
// channel, the preload exposes `MonitorBridge` as `window.monitor`, and both are checked against
// these maps at compile time: a channel without a contract does not compile. No zod here: the
// preload imports this file, and request validation (ipc-schemas.ts) belongs to main.
import type { ClientConfigStatus } from './client-audit';
import type { HealthSnapshot, Level, ProblemId } from './health';
import type { Settings, SettingsResult } from './settings';

export interface HistoryPoint {
  at: string;
  level: Level;
}

export interface Incident {
  startedAt: string;
  endedAt?: string;
  level: Level;
  problemIds: ProblemId[];
  durationMs?: number;
}

export interface HistorySummary {
  /** Recent checks, oldest first, for the 24-hour strip. */
  points: HistoryPoint[];
  /** Newest first. */
  incidents: Incident[];
  /** Share of the last 24 h spent `ok`, 0..1; null before any check. */
  uptime24h: number | null;
}

export type SecretStorage = 'encrypted' | 'basic_text' | 'memory_only';

export interface SignInState {
  state: 'idle' | 'waiting' | 'failed';
  message?: string;
}

/** Everything the window shows; pushed on every change. Never holds a token. */
export interface AppState {
  snapshot: HealthSnapshot;
  checking: boolean;
  nextCheckAt?: string;
  notificationsPausedUntil?: string;
  history: HistorySummary;
  settings: Settings;
  secretStorage: SecretStorage;
  signIn: SignInState;
  /** Set when the window was opened from a notification about this problem. */
  focusProblem?: ProblemId;
  /** The AI clients found on this computer and their CrossTrade entries (read-only audit). */
  aiClients?: ClientConfigStatus[];
  /** Notices from main, e.g. settings that could not be read and were reset. */
  notices?: AppNotice[];
  appVersion: string;
}

export const EXTERNAL_LINKS = ['ai_clients', 'subscriptions', 'docs', 'troubleshooting'] as const;
export type ExternalLink = (typeof EXTERNAL_LINKS)[number];

/** Pause desktop notifications for a while, or until tomorrow morning. */
export type PauseRequest = { minutes: number } | { until: 'tomorrow' };

/** Something main wants the trader to know that is not a health problem (e.g. settings reset). */
export interface AppNotice {
  id: string;
  level: 'info' | 'warning';
  text: string;
}

export type ActionResult = { ok: true } | { ok: false; error: string };

/** invoke channels: request and response of each. */
export interface InvokeContract {
  'monitor:get-state': { request: void; response: AppState };
  'monitor:check-now': { request: void; response: void };
  'monitor:sign-in': { request: void; response: ActionResult };
  'monitor:sign-out': { request: void; response: ActionResult };
  'monitor:pause-notifications': { request: PauseRequest; response: void };
  'monitor:resume-notifications': { request: void; response: void };
  'monitor:open-external': { request: ExternalLink; response: ActionResult };
  'monitor:copy-diagnostics': { request: void; response: ActionResult };
  'monitor:get-settings': { request: void; response: Settings };
  'monitor:set-settings': { request: unknown; response: SettingsResult };
}
export type InvokeChannel = keyof InvokeContract;

/** Every invoke channel, listed once; `satisfies` fails to compile when one is missing. */
const INVOKE_CHANNEL_SET = {
  'monitor:get-state': true,
  'monitor:check-now': true,
  'monitor:sign-in': true,
  'monitor:sign-out': true,
  'monitor:pause-notifications': true,
  'monitor:resume-notifications': true,
  'monitor:open-external': true,
  'monitor:copy-diagnostics': true,
  'monitor:get-settings': true,
  'monitor:set-settings': true,
} as const satisfies Record<InvokeChannel, true>;
export const INVOKE_CHANNELS = Object.keys(INVOKE_CHANNEL_SET) as InvokeChannel[];

/** push channels: main → window. */
export interface PushContract {
  'monitor:state': AppState;
}
export type PushChannel = keyof PushContract;
export const PUSH_CHANNELS: PushChannel[] = ['monitor:state'];

/** `window.monitor`: the only thing the window can reach. Intent-level, never raw ipcRenderer. */
export interface MonitorBridge {
  getState(): Promise<AppState>;
  /** Called with every new state; returns an unsubscribe. */
  onState(listener: (state: AppState) => void): () => void;
  checkNow(): Promise<void>;
  signIn(): Promise<ActionResult>;
  signOut(): Promise<ActionResult>;
  pauseNotifications(request: PauseRequest): Promise<void>;
  resumeNotifications(): Promise<void>;
  openExternal(link: ExternalLink): Promise<ActionResult>;
  copyDiagnostics(): Promise<ActionResult>;
  getSettings(): Promise<Settings>;
  setSettings(patch: unknown): Promise<SettingsResult>;
}

/** Which invoke channel each bridge method uses: the preload and the e2e stand-in share it. */
export const BRIDGE_CHANNELS = {
  getState: 'monitor:get-state',
  checkNow: 'monitor:check-now',
  signIn: 'monitor:sign-in',
  signOut: 'monitor:sign-out',
  pauseNotifications: 'monitor:pause-notifications',
  resumeNotifications: 'monitor:resume-notifications',
  openExternal: 'monitor:open-external',
  copyDiagnostics: 'monitor:copy-diagnostics',
  getSettings: 'monitor:get-settings',
  setSettings: 'monitor:set-settings',
} as const satisfies Record<Exclude<keyof MonitorBridge, 'onState'>, InvokeChannel>;

declare global {
  interface Window {
    monitor: MonitorBridge;
  }
}
