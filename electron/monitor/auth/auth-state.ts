// The monitor's credentials in memory, persisted through a TokenStore. Only this module and the
// OAuth provider ever hold the tokens; everything else sees a TokenStatus.
//
// What a server sends or a file holds is checked here before anyone relies on it: lifetimes are
// clamped, oversized tokens refused, and the saved expiry can never make status() throw. Token
// refreshes run under a lock shared with other processes on the same state (see `exclusive`).
import type { TokenStatus } from '../../../shared/health';
import { redact } from '../../../shared/redact';
import type { StoredAuth, TokenStore } from '../engine-types';
import type { Logger } from '../log';
import type { RefreshEvent } from '../mcp/fetch-wrappers';
import type { ReleaseLock } from './state-lock';

/**
 * Longest token accepted, per token. CrossTrade's tokens are short opaque strings and even large
 * JWTs stay under a few KB, while common HTTP servers refuse request headers over 8 KB: a bigger
 * access token could never be sent, and a bigger refresh token is a broken or hostile server.
 */
export const MAX_TOKEN_BYTES = 8 * 1024;
/** Longest access-token lifetime believed; a longer one is clamped (dates stay representable). */
export const MAX_LIFETIME_SEC = 365 * 24 * 3600;
/** A save time further in the future than this is a broken clock or a forged file. */
const FUTURE_SLACK_MS = 24 * 3600_000;
/** The last date a JS Date can hold (ms since epoch). */
const MAX_DATE_MS = 8.64e15;

interface TokenFields {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

function tokenFields(tokens: unknown): TokenFields {
  return typeof tokens === 'object' && tokens !== null ? (tokens as TokenFields) : {};
}

/** A token response the monitor refuses to keep (it is never saved nor sent). */
export class TokenResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenResponseError';
  }
}

/** The sign-in could not be written where it belongs: names the place and the OS error. */
export class TokenSaveError extends Error {
  /** The OS error code (EACCES, ENOTDIR…). Not kept as `cause`: that would read as a network error. */
  readonly osCode: string | undefined;

  constructor(
    readonly path: string,
    failure: unknown,
  ) {
    const code = (failure as NodeJS.ErrnoException | undefined)?.code;
    const detail = failure instanceof Error ? failure.message : String(failure);
    super(
      `Could not save the sign-in to ${path}: ${code && !detail.startsWith(code) ? `${code}: ` : ''}${detail}`,
    );
    this.name = 'TokenSaveError';
    this.osCode = code;
  }
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** An oversized token's description, or undefined when both tokens fit. */
function oversized(fields: TokenFields): string | undefined {
  for (const [key, label] of [
    ['access_token', 'access token'],
    ['refresh_token', 'refresh token'],
  ] as const) {
    const value = fields[key];
    const bytes = typeof value === 'string' ? Buffer.byteLength(value) : 0;
    if (bytes > MAX_TOKEN_BYTES) {
      return `CrossTrade's sign-in server sent a ${sizeText(bytes)} ${label}; the limit is ${sizeText(MAX_TOKEN_BYTES)}.`;
    }
  }
  return undefined;
}

/** A lifetime in seconds a date can be computed from: absurd ones clamped, garbage = expired. */
function clampLifetime(value: unknown): number {
  const seconds = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.min(seconds, MAX_LIFETIME_SEC);
}

/** Tokens as received, made safe to keep: throws TokenResponseError for oversized tokens. */
export function checkedTokens(tokens: unknown): unknown {
  if (typeof tokens !== 'object' || tokens === null) {
    throw new TokenResponseError("CrossTrade's sign-in server sent no usable tokens.");
  }
  const fields = tokens as TokenFields;
  const tooBig = oversized(fields);
  if (tooBig) throw new TokenResponseError(tooBig);
  if (fields.expires_in === undefined) return tokens;
  return { ...fields, expires_in: clampLifetime(fields.expires_in) };
}

/**
 * A saved state as read from a store, made safe to use: wrong types dropped, oversized tokens
 * forgotten, and an expiry that cannot be computed replaced by "expires now" (the next 401 then
 * refreshes).
 */
function normalizeLoaded(raw: StoredAuth, now: number, log: Logger): StoredAuth {
  const auth: StoredAuth = { ...raw };
  for (const key of ['redirectUri', 'tokensSavedAt', 'lastRefreshAt', 'rejectedReason'] as const) {
    if (auth[key] !== undefined && typeof auth[key] !== 'string') delete auth[key];
  }
  if (auth.lastRefreshResult !== 'ok' && auth.lastRefreshResult !== 'failed') {
    delete auth.lastRefreshResult;
  }
  if (auth.tokens === undefined) return auth;
  if (typeof auth.tokens !== 'object' || auth.tokens === null) {
    delete auth.tokens;
    delete auth.tokensSavedAt;
    return auth;
  }
  const fields = auth.tokens as TokenFields;
  if (oversized(fields)) {
    log('warn', 'The saved sign-in holds an oversized token; it was ignored. Sign in again.');
    delete auth.tokens;
    delete auth.tokensSavedAt;
    return auth;
  }
  const savedAt = auth.tokensSavedAt === undefined ? NaN : Date.parse(auth.tokensSavedAt);
  const savedAtUsable = Number.isFinite(savedAt) && savedAt <= now + FUTURE_SLACK_MS;
  if (fields.expires_in !== undefined || auth.tokensSavedAt !== undefined) {
    const lifetime = savedAtUsable ? clampLifetime(fields.expires_in) : 0;
    auth.tokens = { ...fields, expires_in: lifetime };
    if (!savedAtUsable) auth.tokensSavedAt = new Date(now).toISOString();
  }
  return auth;
}

/** Refresh answers that mean the sign-in itself is gone; anything else is the server's fault. */
const DEAD_SIGN_IN_ERRORS = new Set([
  'invalid_grant',
  'invalid_token',
  'invalid_client',
  'unauthorized_client',
]);

/** True when a failed refresh means CrossTrade no longer accepts the saved sign-in. */
export function refreshRejected(event: RefreshEvent): boolean {
  return event.status === 401 || DEAD_SIGN_IN_ERRORS.has(event.error ?? '');
}

/** Why a refresh failed on the server's side (the saved sign-in is kept for the next try). */
export function refreshFailureMessage(event: RefreshEvent): string {
  const { status } = event;
  if (status === 0)
    return 'The CrossTrade token endpoint could not be reached to refresh the sign-in';
  const what =
    status >= 300 && status < 400
      ? `answered a refresh with a redirect (HTTP ${status})`
      : event.ok
        ? `answered a refresh with something that is not a token response (HTTP ${status})`
        : `answered HTTP ${status}${event.error ? ` (${event.error})` : ''} to a refresh`;
  return `The CrossTrade token endpoint ${what}; the saved sign-in is kept for the next try`;
}

/** A store that can lock its state against other processes (the CLI's file store). */
interface LockableStore extends TokenStore {
  lock(): Promise<ReleaseLock | undefined>;
}

function isLockable(store: TokenStore): store is LockableStore {
  return typeof (store as Partial<LockableStore>).lock === 'function';
}

function serialized(auth: StoredAuth | undefined): string {
  return JSON.stringify(auth ?? {});
}

export class AuthState {
  private auth: StoredAuth = {};
  private loading: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();
  /** Writes made while `exclusive` holds the lock (they must not wait for it). */
  private inside: Promise<void> = Promise.resolve();
  private lockHeld = false;
  /** The store's content as last read or written: a difference means another process wrote. */
  private baseline = serialized(undefined);
  /** The last write's failure, cleared by the next successful write. */
  private writeError: unknown;

  constructor(
    private readonly store: TokenStore,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /** Reads the store once; a store that fails to load counts as signed out. */
  load(): Promise<void> {
    this.loading ??= this.store.load().then(
      (loaded) => {
        this.baseline = serialized(loaded);
        this.auth = normalizeLoaded(loaded ?? {}, this.now(), this.log);
      },
      (error: unknown) => {
        this.log('warn', `Could not read the saved sign-in: ${describe(error)}`);
        this.auth = {};
      },
    );
    return this.loading;
  }

  get(): Readonly<StoredAuth> {
    return this.auth;
  }

  /**
   * Applies a change and persists the result (writes are serialized, failures logged and kept
   * for `persisted()`). New tokens are checked first: a TokenResponseError leaves everything
   * as it was.
   */
  update(change: (current: StoredAuth) => StoredAuth): void {
    const before = this.auth;
    const next = change({ ...before });
    if (next.tokens !== undefined && next.tokens !== before.tokens) {
      next.tokens = checkedTokens(next.tokens);
    }
    this.auth = next;
    this.persist(next, () => this.store.save(next));
  }

  /** Forgets everything (sign-out) and clears the store. */
  clear(keep: (current: StoredAuth) => StoredAuth = () => ({})): void {
    this.auth = keep(this.auth);
    const snapshot = this.auth;
    const empty = Object.keys(snapshot).length === 0;
    this.persist(snapshot, () => (empty ? this.store.clear() : this.store.save(snapshot)));
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    await this.writes;
    await this.inside;
  }

  /** Waits for pending writes; throws when the last one failed (the sign-in is not saved). */
  async persisted(): Promise<void> {
    await this.flush();
    if (this.writeError !== undefined) throw this.writeError;
  }

  /**
   * Runs `task` (a token refresh) holding the store's cross-process lock, after re-reading the
   * store: when another process saved new tokens meanwhile, they replace ours, so the task sees
   * them and need not spend a refresh token that is already used up. Writes made by the task
   * are on disk before the lock is released.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.writes.then(async () => {
      await this.load();
      const release = isLockable(this.store) ? await this.store.lock() : undefined;
      this.lockHeld = true;
      try {
        await this.reread();
        return await task();
      } finally {
        await this.inside;
        this.lockHeld = false;
        await release?.();
      }
    });
    this.writes = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  accessToken(): string | undefined {
    const token = tokenFields(this.auth.tokens).access_token;
    return typeof token === 'string' && token ? token : undefined;
  }

  hasRefreshToken(): boolean {
    const token = tokenFields(this.auth.tokens).refresh_token;
    return typeof token === 'string' && token.length > 0;
  }

  /** What a snapshot may say about the credentials: never the tokens themselves. Never throws. */
  status(): TokenStatus {
    const auth = this.auth;
    const fields = tokenFields(auth.tokens);
    const hasTokens = this.accessToken() !== undefined || this.hasRefreshToken();
    const status: TokenStatus = {
      state: hasTokens ? 'signed_in' : auth.rejectedReason ? 'rejected' : 'signed_out',
      refreshTokenPresent: this.hasRefreshToken(),
    };
    if (hasTokens && typeof fields.scope === 'string') status.scope = fields.scope;
    if (hasTokens && fields.expires_in !== undefined) {
      const savedAt = auth.tokensSavedAt ? Date.parse(auth.tokensSavedAt) : NaN;
      const expiresAt = savedAt + clampLifetime(fields.expires_in) * 1000;
      // An expiry that cannot be computed is reported as due now: the next 401 refreshes.
      status.accessExpiresAt = new Date(
        Number.isFinite(expiresAt) && Math.abs(expiresAt) <= MAX_DATE_MS ? expiresAt : this.now(),
      ).toISOString();
    }
    if (typeof auth.lastRefreshAt === 'string') status.lastRefreshAt = auth.lastRefreshAt;
    if (auth.lastRefreshResult) status.lastRefreshResult = auth.lastRefreshResult;
    if (typeof auth.rejectedReason === 'string') {
      status.rejectedReason = redact(auth.rejectedReason);
    }
    return status;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  private persist(snapshot: StoredAuth, write: () => Promise<void>): void {
    const attempt = async () => {
      try {
        await write();
        this.baseline = serialized(snapshot);
        this.writeError = undefined;
      } catch (error) {
        this.writeError = error;
        this.log(
          'error',
          error instanceof TokenSaveError
            ? describe(error)
            : `Could not save the sign-in: ${describe(error)}`,
        );
      }
    };
    if (this.lockHeld) {
      this.inside = this.inside.then(attempt);
      return;
    }
    this.writes = this.writes.then(async () => {
      const release = isLockable(this.store) ? await this.store.lock() : undefined;
      try {
        await attempt();
      } finally {
        await release?.();
      }
    });
  }

  /** Adopts what another process saved since we last read or wrote the store. */
  private async reread(): Promise<void> {
    let loaded: StoredAuth | undefined;
    try {
      loaded = await this.store.load();
    } catch {
      return; // unreadable now: keep what we have
    }
    const text = serialized(loaded);
    if (text === this.baseline) return;
    this.baseline = text;
    this.auth = normalizeLoaded(loaded ?? {}, this.now(), this.log);
    this.log('info', 'Another process updated the saved sign-in; using its tokens.');
  }
}

function describe(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}
