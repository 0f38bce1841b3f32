// The engine's public surface: what the desktop shell, the doctor CLI and the tests drive.
// Node-only; never imports electron.
import type { AgentIncident } from '../../shared/explain';
import type { ClientFinding, HealthSnapshot, Level, ProblemId } from '../../shared/health';
import type { HistorySummary } from '../../shared/history';
import type { Nt8LocationSetting } from '../../shared/settings';
import type { TradingHours } from '../../shared/trading-hours';
import type { ExtraCheckDecision } from './check/scheduler';
import type { HangProbe } from './check/nt8-hang';
import type { ProcessTable } from './check/nt8-process';
import type { WatchClock } from './check/nt8-watch';
import type { Logger } from './log';

export type { ExtraCheckDecision };

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
  /** This computer's OS (default: the running one); only Windows can run NinjaTrader 8. */
  platform?: NodeJS.Platform;
  /**
   * Watches NinjaTrader between checks (closed, started again) and answers the per-check process
   * question. Default on Windows when no `nt8ProcessCheck` is given: the real process table.
   */
  processTable?: ProcessTable;
  /** Timers of the NinjaTrader watch (tests). */
  watchClock?: WatchClock;
  /** Where NinjaTrader runs (the setting); default `auto`: learned and remembered in stateDir. */
  nt8Location?: Nt8LocationSetting;
  /** Alerts about NT8 or the add-on only inside these hours; absent: always. */
  tradingHours?: TradingHours;
  /** Asks Windows about a hung NinjaTrader (default: PowerShell on Windows, nothing elsewhere). */
  hangProbe?: HangProbe;
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

/** What `configure` may change while the engine runs. */
export interface EngineConfig {
  serverUrl?: string;
  intervalSec?: number;
  /** `'default'`: back to the engine's own (the NinjaTrader watch on Windows). */
  nt8ProcessCheck?: Nt8ProcessCheck | 'default';
  nt8Location?: Nt8LocationSetting;
  /** `null`: alert at all hours. */
  tradingHours?: TradingHours | null;
}

/** Scheduler and damping timings (defaults: every 30 s, 10 s after an error, 15 s grace, 2 checks / 20 s). */
export interface EngineTiming {
  intervalMs: number;
  /** First re-check after entering error; base of the exponential backoff. */
  errorRecheckMs: number;
  /** Longest backoff on 429/5xx/network (Retry-After may ask for more). */
  backoffCapMs: number;
  /** First check after resume. */
  resumeDelayMs: number;
  /** Least time between two checks nobody asked for (see MonitorEngine.requestCheck). */
  extraCheckGapMs: number;
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
  /** Runs a check now, or joins the one in flight. For checks the trader asked for only. */
  checkNow(): Promise<HealthSnapshot>;
  /**
   * Asks for a check nobody asked for (a settings file changed, wake, network back). At most one
   * such check per `extraCheckGapMs` runs beyond the schedule; the rest coalesce or are dropped.
   */
  requestCheck(reason: string): ExtraCheckDecision;
  /** Scheduler pause (suspend); `resume` re-checks after the grace period. */
  pause(): void;
  resume(): void;
  signIn(options: SignInOptions): Promise<void>;
  signOut(): Promise<void>;
  configure(options: EngineConfig): void;
  history(): HistorySummary;
  /** The support report; `incident` adds a failure the trader saw in an AI client. */
  report(incident?: AgentIncident): Promise<SupportReport>;
  on<E extends keyof EngineEvents>(event: E, listener: EngineEvents[E]): () => void;
}
