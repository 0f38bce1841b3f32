// The engine's public surface: what the desktop shell, the doctor CLI and the tests drive.
// Node-only; never imports electron.
import type { ClientFinding, HealthSnapshot, Level, ProblemId } from '../../shared/health';
import type { HistorySummary } from '../../shared/history';
import type { Logger } from './log';

/**
 * Everything the OAuth provider must persist, stored verbatim as the SDK gave it.
 * Holds secrets: only a TokenStore may see it, never logs, IPC or reports.
 */
export interface StoredAuth {
  /** The registered client (client_id …), reused across runs: CrossTrade allows 10 registrations/h. */
  clientInformation?: unknown;
  /** The redirect URI the client was registered with, port included. */
  redirectUri?: string;
  tokens?: unknown;
  /** ISO time the tokens were saved: with `expires_in` gives the access expiry. */
  tokensSavedAt?: string;
  discoveryState?: unknown;
  lastRefreshAt?: string;
  lastRefreshResult?: 'ok' | 'failed';
  /** Set when the server refused our credentials; cleared by a successful sign-in. */
  rejectedReason?: string;
}

/** Persistence for StoredAuth. The CLI uses an owner-only file; the app an encrypted store. */
export interface TokenStore {
  load(): Promise<StoredAuth | undefined>;
  save(auth: StoredAuth): Promise<void>;
  clear(): Promise<void>;
}

export type Nt8ProcessCheck = () => Promise<'running' | 'not_running' | 'unknown'>;

/** The network fetch every request of the engine goes through. */
export type BaseFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export interface EngineOptions {
  serverUrl: string;
  tokenStore: TokenStore;
  /** Folder for history files (JSON lines, 7-day rotation). */
  stateDir: string;
  intervalSec?: number;
  /** Per-call and connect timeout; default 10 000 ms. */
  callTimeoutMs?: number;
  nt8ProcessCheck?: Nt8ProcessCheck;
  /** Client name/version shown on CrossTrade's AI Clients page and in reports. */
  clientName?: string;
  clientVersion?: string;
  /** Preferred loopback port for the OAuth redirect. */
  preferredRedirectPort?: number;
  /** Redacted log lines only. */
  log?: Logger;
  /** Injectable clock for tests. */
  now?: () => number;
  /** The latest AI-client audit findings, read at every check (client_misconfigured). */
  clientFindings?: () => ClientFinding[] | undefined;
  /** Shorter timings for tests and benchmarks; `intervalSec` stays the user's setting. */
  timing?: Partial<EngineTiming>;
  /**
   * The network fetch (default: Node's). The app passes Electron's net.fetch (system proxy, PAC,
   * the OS trust store); doctor a proxy-aware one when a proxy is set.
   */
  fetch?: BaseFetch;
  /**
   * Does the operating system say this computer is online? Asked at every check; when it says
   * no and nothing answered, the check reports `offline` (grey, no alert) rather than
   * `network_unreachable`. Absent: assumed online.
   */
  isOnline?: () => boolean | Promise<boolean>;
}

/** Scheduler and damping timings (defaults: the 30 s, 10 s, 15 s grace, 2 checks / 20 s). */
export interface EngineTiming {
  intervalMs: number;
  /** First re-check after entering error; base of the exponential backoff. */
  errorRecheckMs: number;
  /** Longest backoff on 429/5xx/network (Retry-After may ask for more). */
  backoffCapMs: number;
  /** First check after resume. */
  resumeDelayMs: number;
  /** Nothing is notify-worthy this long after start or resume. */
  graceMs: number;
  /** A change is notify-worthy once it held this many consecutive checks… */
  holdChecks: number;
  /** …or this long; also the least time between two notify-worthy transitions. */
  holdMs: number;
}

export interface SignInOptions {
  /** Opens the authorization URL (the browser in the app; a fetch in --auto-consent). */
  openUrl: (url: string) => Promise<void> | void;
  signal?: AbortSignal;
  /** Default 5 minutes. */
  timeoutMs?: number;
}

export interface Transition {
  from: Level;
  to: Level;
  previous: HealthSnapshot;
  snapshot: HealthSnapshot;
  added: ProblemId[];
  removed: ProblemId[];
  /** `broken`: a new problem started; `fixed`: back to ok; `changed`: anything else. */
  kind: 'broken' | 'fixed' | 'changed';
  /** Survived damping: worth telling the trader about (notification policy decides the rest). */
  notifyWorthy: boolean;
}

export interface SupportReport {
  text: string;
  json: Record<string, unknown>;
}

export interface EngineEvents {
  snapshot: (snapshot: HealthSnapshot) => void;
  transition: (transition: Transition) => void;
  /** checking / nextCheckAt changed. */
  schedule: (state: { checking: boolean; nextCheckAt?: string }) => void;
}

export interface MonitorEngine {
  readonly snapshot: HealthSnapshot;
  readonly checking: boolean;
  readonly nextCheckAt: string | undefined;
  start(): void;
  /** Stops timers, terminates the MCP session, flushes history. */
  stop(): Promise<void>;
  /** Runs a check now, or joins the one in flight. */
  checkNow(): Promise<HealthSnapshot>;
  /** Scheduler pause (suspend); `resume` re-checks after the grace period. */
  pause(): void;
  resume(): void;
  signIn(options: SignInOptions): Promise<void>;
  signOut(): Promise<void>;
  configure(options: {
    serverUrl?: string;
    intervalSec?: number;
    nt8ProcessCheck?: Nt8ProcessCheck;
  }): void;
  history(): HistorySummary;
  report(): Promise<SupportReport>;
  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void;
}
