// The monitor's credentials in memory, persisted verbatim through a TokenStore. Only this module
// and the OAuth provider ever hold the tokens; everything else sees a TokenStatus.
import type { TokenStatus } from '../../../shared/health';
import { redact } from '../../../shared/redact';
import type { StoredAuth, TokenStore } from '../engine-types';
import type { Logger } from '../log';

interface TokenFields {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  scope?: unknown;
}

function tokenFields(tokens: unknown): TokenFields {
  return typeof tokens === 'object' && tokens !== null ? (tokens as TokenFields) : {};
}

export class AuthState {
  private auth: StoredAuth = {};
  private loading: Promise<void> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: TokenStore,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /** Reads the store once; a store that fails to load counts as signed out. */
  load(): Promise<void> {
    this.loading ??= this.store.load().then(
      (loaded) => {
        this.auth = loaded ?? {};
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

  /** Applies a change and persists the result (writes are serialized, failures logged). */
  update(change: (current: StoredAuth) => StoredAuth): void {
    this.auth = change({ ...this.auth });
    const snapshot = this.auth;
    this.writes = this.writes
      .then(() => this.store.save(snapshot))
      .catch((error: unknown) =>
        this.log('error', `Could not save the sign-in: ${describe(error)}`),
      );
  }

  /** Forgets everything (sign-out) and clears the store. */
  clear(keep: (current: StoredAuth) => StoredAuth = () => ({})): void {
    this.auth = keep(this.auth);
    const snapshot = this.auth;
    const empty = Object.keys(snapshot).length === 0;
    this.writes = this.writes
      .then(() => (empty ? this.store.clear() : this.store.save(snapshot)))
      .catch((error: unknown) =>
        this.log('error', `Could not clear the sign-in: ${describe(error)}`),
      );
  }

  /** Waits for pending writes. */
  flush(): Promise<void> {
    return this.writes;
  }

  accessToken(): string | undefined {
    const token = tokenFields(this.auth.tokens).access_token;
    return typeof token === 'string' && token ? token : undefined;
  }

  hasRefreshToken(): boolean {
    const token = tokenFields(this.auth.tokens).refresh_token;
    return typeof token === 'string' && token.length > 0;
  }

  /** What a snapshot may say about the credentials: never the tokens themselves. */
  status(): TokenStatus {
    const auth = this.auth;
    const fields = tokenFields(auth.tokens);
    const hasTokens = this.accessToken() !== undefined || this.hasRefreshToken();
    const status: TokenStatus = {
      state: hasTokens ? 'signed_in' : auth.rejectedReason ? 'rejected' : 'signed_out',
      refreshTokenPresent: this.hasRefreshToken(),
    };
    if (hasTokens && typeof fields.scope === 'string') status.scope = fields.scope;
    const savedAt = auth.tokensSavedAt ? Date.parse(auth.tokensSavedAt) : NaN;
    if (hasTokens && typeof fields.expires_in === 'number' && Number.isFinite(savedAt)) {
      status.accessExpiresAt = new Date(savedAt + fields.expires_in * 1000).toISOString();
    }
    if (auth.lastRefreshAt) status.lastRefreshAt = auth.lastRefreshAt;
    if (auth.lastRefreshResult) status.lastRefreshResult = auth.lastRefreshResult;
    if (auth.rejectedReason) status.rejectedReason = redact(auth.rejectedReason);
    return status;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

function describe(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}
