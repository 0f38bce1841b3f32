// The one IPC table between main and the window. Each invoke channel is declared once in INVOKE
// (bridge method, channel name, request and response types); the channel list, `MonitorBridge`,
// the preload's bridge object and main's handler registration are all derived from it, and main's
// request schemas (ipc-schemas.ts) and handlers are typed by it: a channel without a schema or a
// handler does not compile. No zod here: the preload imports this file and must stay small.
import type { ClientConfigStatus } from './client-audit';
import type { AgentIncident } from './explain';
import type { HealthSnapshot, ProblemId } from './health';
import type { HistorySummary } from './history';
import type { Settings, SettingsPatch } from './settings';

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
  /** Every place the AI-client audit looked (wildcards kept), for "none found" to list. */
  aiClientsSearched?: string[];
  /** Notices from main, e.g. settings that could not be read and were reset. */
  notices?: AppNotice[];
  appVersion: string;
  /** Update status: a downloaded update's "Restart to install vX.Y.Z" and a status line. */
  update?: { restartLabel?: string; statusLine: string };
}

export const EXTERNAL_LINKS = [
  'ai_clients',
  'subscriptions',
  'docs',
  'troubleshooting',
  'addon_download',
] as const;
export type ExternalLink = (typeof EXTERNAL_LINKS)[number];

/** Pause desktop notifications for a while, or until tomorrow morning. */
export type PauseRequest = { minutes: number } | { until: 'tomorrow' };

/** Something main wants the trader to know that is not a health problem (e.g. settings reset). */
export interface AppNotice {
  id: string;
  level: 'info' | 'warning';
  text: string;
}

/**
 * What every invoke answers. `error` is one short, redacted sentence a trader can read (never a
 * stack): a refused request, or what went wrong in main. A rejected invoke promise means the
 * message never got an answer at all (no preload, main gone, or a sender main does not trust).
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** One channel's contract. The type fields exist for the compiler only (always undefined). */
export interface InvokeSpec<Name extends string, Request, Response> {
  readonly channel: Name;
  readonly request?: Request;
  readonly response?: Response;
}

/** Declares an invoke channel: `invoke<Request, Response>()('monitor:…')`. */
function invoke<Request = void, Response = void>() {
  return <Name extends string>(channel: Name): InvokeSpec<Name, Request, Response> => ({
    channel,
  });
}

/** Every invoke channel, keyed by its bridge method. Add a channel here and nowhere else. */
export const INVOKE = {
  getState: invoke<void, AppState>()('monitor:get-state'),
  checkNow: invoke()('monitor:check-now'),
  signIn: invoke()('monitor:sign-in'),
  signOut: invoke()('monitor:sign-out'),
  pauseNotifications: invoke<PauseRequest>()('monitor:pause-notifications'),
  resumeNotifications: invoke()('monitor:resume-notifications'),
  openExternal: invoke<ExternalLink>()('monitor:open-external'),
  /** The support report; with an AI client's failure when the trader describes one. */
  copyDiagnostics: invoke<AgentIncident | void>()('monitor:copy-diagnostics'),
  getSettings: invoke<void, Settings>()('monitor:get-settings'),
  setSettings: invoke<SettingsPatch, Settings>()('monitor:set-settings'),
  /** Restarts into the downloaded update ("Restart to install vX.Y.Z"). */
  installUpdate: invoke()('monitor:install-update'),
} as const;

/** A table of invoke channels shaped like INVOKE (the type-level tests extend it). */
export type InvokeTable = Record<string, InvokeSpec<string, unknown, unknown>>;

export type InvokeMethod = keyof typeof INVOKE;
export type ChannelOf<M extends InvokeMethod> = (typeof INVOKE)[M]['channel'];
export type InvokeChannel = ChannelOf<InvokeMethod>;
export type RequestIn<T extends InvokeTable, M extends keyof T> =
  T[M] extends InvokeSpec<string, infer Request, unknown> ? Request : never;
export type ResponseIn<T extends InvokeTable, M extends keyof T> =
  T[M] extends InvokeSpec<string, unknown, infer Response> ? Response : never;
export type RequestOf<M extends InvokeMethod> = RequestIn<typeof INVOKE, M>;
export type ResponseOf<M extends InvokeMethod> = ResponseIn<typeof INVOKE, M>;

export const INVOKE_METHODS = Object.keys(INVOKE) as InvokeMethod[];
export const INVOKE_CHANNELS: InvokeChannel[] = INVOKE_METHODS.map((m) => INVOKE[m].channel);

/** The bridge method of a channel name, or undefined for a channel that is not in the table. */
export function invokeMethodOf(channel: unknown): InvokeMethod | undefined {
  return INVOKE_METHODS.find((method) => INVOKE[method].channel === channel);
}

/** One push channel (main → window): its payload type exists for the compiler only. */
export interface PushSpec<Name extends string, Payload> {
  readonly channel: Name;
  readonly payload?: Payload;
}

function push<Payload>() {
  return <Name extends string>(channel: Name): PushSpec<Name, Payload> => ({ channel });
}

/** Every push channel, keyed by the bridge method that subscribes to it. */
export const PUSH = {
  onState: push<AppState>()('monitor:state'),
} as const;

export type PushMethod = keyof typeof PUSH;
export type PushChannel = (typeof PUSH)[PushMethod]['channel'];
export type PayloadOf<C extends PushChannel> = {
  [M in PushMethod]: (typeof PUSH)[M] extends PushSpec<C, infer Payload> ? Payload : never;
}[PushMethod];
export const PUSH_METHODS = Object.keys(PUSH) as PushMethod[];

/** A bridge method for an invoke channel: no argument when the request is void. */
export type BridgeInvoke<Request, Response> = [Request] extends [void]
  ? () => Promise<IpcResult<Response>>
  : (request: Request) => Promise<IpcResult<Response>>;

/** `window.monitor`: the only thing the window can reach. Intent-level, never raw ipcRenderer. */
export type MonitorBridge = {
  readonly [M in InvokeMethod]: BridgeInvoke<RequestOf<M>, ResponseOf<M>>;
} & {
  /** Called with every push; returns an unsubscribe. */
  readonly [M in PushMethod]: (
    listener: (payload: PayloadOf<(typeof PUSH)[M]['channel']>) => void,
  ) => () => void;
};

declare global {
  interface Window {
    monitor: MonitorBridge;
  }
}
