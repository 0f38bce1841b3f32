// The health model: what one check saw (Observation) and what the trader is told (HealthSnapshot).
// This is the contract: every consumer (tray, notifications, window, CLI, JSON) reads these types.

export const LEVELS = ['ok', 'warning', 'error', 'unknown'] as const;
export type Level = (typeof LEVELS)[number];

export const PROBLEM_IDS = [
  'signed_out',
  'token_invalid',
  'clock_skew',
  'subscription_required',
  'insufficient_scope',
  'scope_too_broad',
  'nt8_not_running',
  'addon_disconnected',
  'nt8_unresponsive',
  'addon_outdated',
  'broker_disconnected',
  'tools_missing',
  'selftest_degraded',
  'rate_limited',
  'server_error',
  'endpoint_not_found',
  'discovery_failed',
  'network_unreachable',
  'malformed_response',
  'client_misconfigured',
  'market_closed',
  'tls_untrusted',
  'offline',
] as const;
export type ProblemId = (typeof PROBLEM_IDS)[number];

/** True for every ProblemId: for data read back from disk or across IPC. */
export function isProblemId(value: unknown): value is ProblemId {
  return typeof value === 'string' && (PROBLEM_IDS as readonly string[]).includes(value);
}

/** One-click actions a checklist step can be bound to; main decides what each does. */
export const ACTION_IDS = [
  'sign_in',
  'open_ai_clients',
  'open_subscriptions',
  'open_docs',
  'open_addon_download',
  'check_now',
  'copy_diagnostics',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface Step {
  text: string;
  action?: ActionId;
}

export interface Problem {
  id: ProblemId;
  level: Exclude<Level, 'ok'>;
  title: string;
  /** What we saw: the evidence for this check, redacted. */
  cause: string;
  /** The fix checklist, in the order a trader should try it. */
  steps: Step[];
}

/** How one call of a check ended, classified by the engine from the SDK's errors. */
export type CallOutcome =
  | 'ok' // answered; for a tool call, a result without isError
  | 'tool_error' // a tool result with isError: true
  | 'http_error' // a non-2xx HTTP status
  | 'rpc_error' // a JSON-RPC error object
  | 'timeout' // no answer within the timeout
  | 'unauthorized' // no usable credentials (the SDK wanted an interactive sign-in)
  | 'insufficient_scope' // the SDK's InsufficientScopeError (403 with the RFC 6750 header)
  | 'network_error' // DNS, refused, reset, offline
  | 'unexpected_content' // HTML or another content type where MCP was expected
  | 'invalid_result' // not valid JSON-RPC / MCP
  | 'auth_error' // OAuth discovery, registration or token endpoint failure
  | 'other_error';

/** The response headers the SDK hides from callers; a recording fetch keeps them. */
export interface RecordedHeaders {
  date?: string;
  retryAfter?: string;
  wwwAuthenticate?: string;
  contentType?: string;
  location?: string;
}

export interface CallRecord {
  /** `connect`, `tools/list` or a tool name. */
  name: string;
  outcome: CallOutcome;
  ms: number;
  status?: number;
  /** e.g. `SdkHttpError`, `ProtocolError`, `TypeError`. */
  errorClass?: string;
  /** SDK error code, JSON-RPC code, OAuth error or errno code (`ECONNREFUSED`). */
  errorCode?: string | number;
  /** The error message or the tool's error text (redacted by the engine). */
  message?: string;
  /** A short excerpt of the HTTP body (redacted by the engine). */
  body?: string;
  headers?: RecordedHeaders;
  /** The tool's structuredContent, when it had one. */
  result?: unknown;
  /** The tool's first text content, when it had one. */
  text?: string;
  /** Who issued the certificate this computer refused (a TLS failure), when known. */
  issuer?: string;
}

export type Nt8ProcessState = 'running' | 'not_running' | 'unknown';

/** Where NinjaTrader 8 runs: on this computer, on another one (a VPS), or not known yet. */
export type Nt8Location = 'local' | 'remote' | 'unknown';

/** What Windows said about a NinjaTrader that stopped answering (local only). */
export interface Nt8HangEvidence {
  /** Windows' own "Not responding" flag; absent when it could not tell. */
  responding?: boolean;
  /** Titles of NinjaTrader's visible windows other than its usual ones: usually a dialog. */
  dialogs: string[];
}

/** The monitor's own credentials, never the secrets themselves. */
export interface TokenStatus {
  /** `signed_out`: never signed in or signed out; `rejected`: the server refused them. */
  state: 'signed_out' | 'signed_in' | 'rejected';
  scope?: string;
  /** ISO time the access token expires, from `expires_in`. */
  accessExpiresAt?: string;
  refreshTokenPresent: boolean;
  lastRefreshAt?: string;
  lastRefreshResult?: 'ok' | 'failed';
  /** Why the credentials were rejected, when they were (redacted). */
  rejectedReason?: string;
}

/** A finding of the AI-client configuration audit (client_misconfigured). */
export interface ClientFinding {
  client: string;
  file: string;
  entry?: string;
  problem: string;
  fix: string;
}

/** Everything one check saw. Produced by the probe, read by `diagnose`. */
export interface Observation {
  checkedAt: string;
  serverUrl: string;
  token: TokenStatus;
  calls: CallRecord[];
  /** tools/list names when the tools were listed in this check. */
  tools?: string[];
  nt8Process: Nt8ProcessState;
  /** Server `Date` minus local time, when a `Date` header was seen. */
  clockSkewMs?: number;
  clientFindings?: ClientFinding[];
  /** Wall time of the whole check. */
  latencyMs?: number;
  /** Where NinjaTrader runs, as the engine knows it; absent: unknown. */
  nt8Location?: Nt8Location;
  /** false outside the trader's trading hours (when alerts are limited to them). */
  marketOpen?: boolean;
  /** What Windows said about a NinjaTrader whose calls hang. */
  nt8Hang?: Nt8HangEvidence;
  /** False when the operating system said this computer has no network during the check. */
  online?: boolean;
  /** HTTP responses this check received, whatever their status (0: nothing came back). */
  responses?: number;
}

export interface Capabilities {
  addonVersion?: string;
  nt8Version?: string;
  features: string[];
  backtestEngine?: { available?: boolean; engine?: string };
  warnings: string[];
  /** Fields we did not expect, kept for the details view. */
  extra: Record<string, unknown>;
}

export interface BrokerConnection {
  name: string;
  status: string;
}

export interface SelfTest {
  transport: string;
  categories: Record<string, string>;
  warnings: string[];
}

export type SnapshotStatus = 'checked' | 'pending' | 'paused';

export interface HealthSnapshot {
  level: Level;
  /** Active problems, root cause first. */
  problems: Problem[];
  status: SnapshotStatus;
  checkedAt: string;
  serverUrl: string;
  latencyMs?: number;
  capabilities?: Capabilities;
  connections?: BrokerConnection[];
  selfTest?: SelfTest;
  /** tools/list names, as last listed. */
  tools?: string[];
  token: TokenStatus;
  nt8Process: Nt8ProcessState;
  /** Where NinjaTrader runs, when known. */
  nt8Location?: Nt8Location;
  clientFindings?: ClientFinding[];
}

const LEVEL_RANK: Record<Level, number> = { ok: 0, unknown: 1, warning: 2, error: 3 };

/** The more severe of two levels: error > warning > unknown > ok. */
export function worstLevel(a: Level, b: Level): Level {
  return LEVEL_RANK[a] >= LEVEL_RANK[b] ? a : b;
}
