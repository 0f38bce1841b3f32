// The SDK's OAuthClientProvider for the monitor, plus the AuthProvider the transport uses for
// background checks. Rules:
// - scope is always mcp:read (passed to auth() explicitly: the SDK would otherwise ask for every
//   scope the resource advertises, mcp:trade included);
// - a background check never opens a browser and never registers a client: missing or dead
//   credentials end as SignInRequiredError (signed_out / token_invalid);
// - everything the SDK asks to keep is persisted verbatim through AuthState.
import { randomBytes } from 'node:crypto';
import {
  auth,
  extractWWWAuthenticateParams,
  OAuthError,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import type {
  AuthProvider,
  FetchLike,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { MONITOR_SCOPE } from '../../../shared/crosstrade';
import { SOFTWARE_ID } from '../../../shared/product';
import type { StoredAuth } from '../engine-types';
import { refreshFailureMessage, refreshRejected } from './auth-state';
import type { AuthState } from './auth-state';
import {
  callWithin,
  InsecureSignInUrlError,
  OAuthTimeoutError,
  tokenFingerprint,
} from '../mcp/fetch-wrappers';
import type { RefreshEvent } from '../mcp/fetch-wrappers';
import type { Logger } from '../log';

/** OAuthError code of a sign-in URL refused for being plain http off this computer. */
export const INSECURE_ENDPOINT = 'insecure_endpoint';

/** Background checks end here instead of in a browser: the trader must sign in. */
export class SignInRequiredError extends UnauthorizedError {
  constructor(message = 'Sign-in required') {
    super(message);
    this.name = 'SignInRequiredError';
  }
}

/** The refresh could not be tried (token endpoint down or unreachable): not a dead sign-in. */
export class RefreshUnavailableError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RefreshUnavailableError';
  }
}

export interface ProviderOptions {
  clientName: string;
  clientVersion: string;
  /** Used before any redirect URI was registered (never reached by a background check). */
  fallbackRedirectUri: string;
  log: Logger;
}

interface Interactive {
  openUrl: (url: string) => Promise<void> | void;
  redirectUri: string;
}

export class MonitorOAuthProvider implements OAuthClientProvider {
  private interactive: Interactive | undefined;
  private verifier = '';
  private expectedState: string | undefined;
  private lastRefresh: (RefreshEvent & { at: number }) | undefined;
  /** The last authorization URL the SDK produced (kept, never logged: it carries the state). */
  lastAuthorizationUrl: URL | undefined;

  constructor(
    private readonly store: AuthState,
    private readonly options: ProviderOptions,
  ) {}

  get redirectUrl(): string {
    return (
      this.interactive?.redirectUri ??
      this.store.get().redirectUri ??
      this.options.fallbackRedirectUri
    );
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.options.clientName,
      software_id: SOFTWARE_ID,
      software_version: this.options.clientVersion,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      scope: MONITOR_SCOPE,
    };
  }

  /** A fresh `state` per authorization request; checked by `checkState` on the callback. */
  state(): string {
    this.expectedState = randomBytes(24).toString('base64url');
    return this.expectedState;
  }

  /** Whether `received` is the pending authorization request's state (not consumed). */
  expectsState(received: string | null): boolean {
    return this.expectedState !== undefined && received === this.expectedState;
  }

  checkState(received: string | null): boolean {
    const expected = this.expectedState;
    this.expectedState = undefined;
    return expected !== undefined && received === expected;
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    const info = this.store.get().clientInformation as StoredOAuthClientInformation | undefined;
    // Without a registration the SDK would register one: allowed only during an explicit sign-in
    // (CrossTrade allows 10 registrations per hour per address).
    if (!info && !this.interactive) throw new SignInRequiredError('Not signed in to CrossTrade');
    return info;
  }

  saveClientInformation(info: StoredOAuthClientInformation): void {
    const redirectUri = this.redirectUrl;
    this.store.update((a) => ({ ...a, clientInformation: info, redirectUri }));
  }

  hasClient(): boolean {
    return this.store.get().clientInformation !== undefined;
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.store.get().tokens as StoredOAuthTokens | undefined;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    const at = this.store.nowIso();
    this.store.update((a) => {
      const next: StoredAuth = { ...a, tokens, tokensSavedAt: at };
      delete next.rejectedReason;
      return next;
    });
  }

  async redirectToAuthorization(url: URL): Promise<void> {
    this.lastAuthorizationUrl = url;
    if (!this.interactive) {
      const refresh = this.lastRefresh;
      // After a refresh that got no answer the SDK asks for a new sign-in too; it is not needed.
      const transient =
        refresh &&
        !refresh.ok &&
        (refresh.status === 0 || refresh.status >= 500) &&
        Date.now() - refresh.at < 60_000;
      if (!transient) {
        this.options.log(
          'info',
          'CrossTrade needs a new sign-in; waiting for the trader to sign in.',
        );
      }
      return;
    }
    await this.interactive.openUrl(url.href);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  saveDiscoveryState(discovery: OAuthDiscoveryState): void {
    this.store.update((a) => ({ ...a, discoveryState: discovery }));
  }

  discoveryState(): OAuthDiscoveryState | undefined {
    return this.store.get().discoveryState as OAuthDiscoveryState | undefined;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'verifier' || scope === 'all') this.verifier = '';
    if (scope === 'verifier') return;
    const reason = this.rejectionReason();
    this.store.update((a) => {
      const next = { ...a };
      if (scope === 'all' || scope === 'client') delete next.clientInformation;
      if (scope === 'all' || scope === 'discovery') delete next.discoveryState;
      if (scope === 'all' || scope === 'tokens') {
        const hadTokens = next.tokens !== undefined;
        delete next.tokens;
        delete next.tokensSavedAt;
        if (hadTokens && !this.interactive) next.rejectedReason = reason;
      }
      return next;
    });
  }

  /** Called by the refresh wrapper for every refresh_token grant that went out. */
  onRefresh(event: RefreshEvent): void {
    this.lastRefresh = { ...event, at: Date.now() };
    const at = this.store.nowIso();
    this.store.update((a) => ({
      ...a,
      lastRefreshAt: at,
      lastRefreshResult: event.ok ? 'ok' : 'failed',
    }));
  }

  /** The refresh attempted since `since` (ms, real clock), if any. */
  refreshSince(since: number): RefreshEvent | undefined {
    return this.lastRefresh && this.lastRefresh.at >= since ? this.lastRefresh : undefined;
  }

  beginInteractive(interactive: Interactive): void {
    this.interactive = interactive;
  }

  endInteractive(): void {
    this.interactive = undefined;
    this.expectedState = undefined;
  }

  private rejectionReason(): string {
    const refresh = this.lastRefresh;
    if (refresh && !refresh.ok && Date.now() - refresh.at < 60_000) {
      return `CrossTrade refused to refresh the sign-in (${refresh.error ?? `HTTP ${refresh.status}`}).`;
    }
    return 'CrossTrade no longer accepts the saved sign-in.';
  }
}

/** A background refresh's share of the MCP call timeout: it must fail first, with its reason. */
function refreshBudgetMs(callTimeoutMs: number): number {
  return Math.max(1, Math.max(Math.round(callTimeoutMs * 0.8), callTimeoutMs - 2000));
}

export interface BackgroundAuthOptions {
  /** Fingerprint of the access token a response answered (see bearerMemory). */
  tokenUsedBy?: (response: Response) => string | undefined;
  /** The MCP call timeout; each OAuth request of a background refresh gets a little less. */
  timeoutMs?: number;
}

/**
 * The transport's AuthProvider for background checks. On a 401 it refreshes (single-flight:
 * concurrent 401s share one attempt) and never starts an interactive sign-in. Every request of a
 * refresh answers within the call timeout, so the attempt always settles and the next 401 may
 * start a new one.
 */
export function backgroundAuth(
  provider: MonitorOAuthProvider,
  state: AuthState,
  serverUrl: string,
  options: BackgroundAuthOptions = {},
): AuthProvider {
  const tokenUsedBy = options.tokenUsedBy ?? (() => undefined);
  const budget = options.timeoutMs !== undefined ? refreshBudgetMs(options.timeoutMs) : undefined;
  let inFlight: Promise<void> | undefined;
  const recover = async (response: Response, transportFetch: FetchLike): Promise<void> => {
    const used = tokenUsedBy(response);
    const current = state.accessToken();
    // Another request already replaced the dead token: retry with the new one, no refresh.
    if (used !== undefined && current !== undefined && used !== tokenFingerprint(current)) return;
    if (!state.hasRefreshToken() || !provider.hasClient()) {
      throw new SignInRequiredError(
        state.get().rejectedReason
          ? 'CrossTrade rejected the saved sign-in'
          : 'Not signed in to CrossTrade',
      );
    }
    // The MCP request that got the 401 is timed from before the 401: the refresh's own limit is
    // shorter, so a silent token endpoint is reported as such rather than as a slow MCP call.
    const fetchFn: FetchLike =
      budget === undefined
        ? transportFetch
        : (input, init) => callWithin(transportFetch, input, init, { timeoutMs: budget });
    const started = Date.now();
    const { resourceMetadataUrl } = extractWWWAuthenticateParams(response);
    let result: string;
    try {
      result = await auth(provider, {
        serverUrl,
        scope: MONITOR_SCOPE,
        fetchFn,
        ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
      });
    } catch (error) {
      // Discovery that timed out or was refused: the sign-in itself is not dead.
      if (error instanceof OAuthTimeoutError) throw new RefreshUnavailableError(0, error.message);
      // Read as a sign-in setup failure (discovery_failed), like the interactive sign-in does.
      if (error instanceof InsecureSignInUrlError)
        throw new OAuthError(INSECURE_ENDPOINT, error.message);
      throw error;
    }
    if (result === 'AUTHORIZED') return;
    // The SDK falls back to a new authorization when a refresh fails for any reason but an OAuth
    // error code (5xx, network, timeout, a redirect, HTML): unless CrossTrade refused the refresh
    // token, say so instead of claiming the sign-in is dead.
    const refresh = provider.refreshSince(started);
    if (refresh && !refreshRejected(refresh)) {
      throw new RefreshUnavailableError(
        refresh.status,
        refresh.timedOutMs !== undefined
          ? `CrossTrade's sign-in server did not answer the token refresh within ${secondsText(refresh.timedOutMs)}`
          : refreshFailureMessage(refresh),
      );
    }
    throw new SignInRequiredError('CrossTrade rejected the saved sign-in');
  };
  return {
    token: async () => state.accessToken(),
    onUnauthorized: async (ctx) => {
      // Under the cross-process lock, after re-reading the saved state (AuthState.exclusive).
      inFlight ??= state
        .exclusive(() => recover(ctx.response, ctx.fetchFn))
        .finally(() => {
          inFlight = undefined;
        });
      await inFlight;
    },
  };
}

function secondsText(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
