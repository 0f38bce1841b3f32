// The explicit sign-in (OAuth authorization code + PKCE through a loopback redirect) and the
// sign-out revocation. Only these ever involve the trader's browser; background checks never do.
import { auth, extractWWWAuthenticateParams } from '@modelcontextprotocol/client';
import type { FetchLike } from '@modelcontextprotocol/client';
import type { SignInOptions } from '../engine-types';
import { MONITOR_SCOPE } from '../../../shared/crosstrade';
import type { AuthState } from './auth-state';
import type { McpConnection } from '../mcp/connection';
import type { Logger } from '../log';
import { callWithin, InsecureSignInUrlError } from '../mcp/fetch-wrappers';
import { SignInCancelledError, startCallbackListener } from './loopback';
import { MonitorOAuthProvider } from './oauth-provider';
import { asSignInSetupError, SignInError, signInErrorMessage } from './sign-in-error';
import { portOf } from '../../../shared/format';
import { isSecureSignInUrl, withoutQuery } from '../../../shared/sign-in-url';

export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignInContext {
  serverUrl: string;
  authState: AuthState;
  connection: McpConnection;
  log: Logger;
  timeoutMs: number;
  preferredRedirectPort?: number;
}

/** resource_metadata from a 401 challenge; CrossTrade's `Bearer realm="…"` variant names it too. */
function resourceMetadataFrom(response: Response): URL | undefined {
  const params = extractWWWAuthenticateParams(response);
  if (params.resourceMetadataUrl) return params.resourceMetadataUrl;
  const realm = /realm="([^"]+)"/i.exec(response.headers.get('www-authenticate') ?? '')?.[1];
  if (realm && /\/\.well-known\/oauth-protected-resource/.test(realm)) {
    try {
      return new URL(realm);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** An unauthenticated request: its 401 names the protected-resource metadata. */
async function challenge(ctx: SignInContext, fetchFn: FetchLike): Promise<URL | undefined> {
  // The connection times OAuth requests; this one goes to the MCP address, so it is timed here.
  const response = await callWithin(
    fetchFn,
    ctx.serverUrl,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' }),
    },
    { timeoutMs: ctx.timeoutMs },
  );
  const metadata = response.status === 401 ? resourceMetadataFrom(response) : undefined;
  if (metadata && !isSecureSignInUrl(metadata)) {
    throw new InsecureSignInUrlError(withoutQuery(metadata), 'its protected-resource metadata');
  }
  return metadata;
}

/** Every request of this sign-in ends when it is cancelled (a new sign-in, quit, Ctrl-C). */
function cancellable(fetchFn: FetchLike, signal: AbortSignal): FetchLike {
  return (input, init) =>
    fetchFn(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    });
}

/** The error a failed sign-in ends with: a cancellation stays one, a refusal reads as discovery. */
function signInFailure(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof SignInCancelledError
      ? reason
      : new SignInCancelledError('The sign-in was cancelled.');
  }
  return asSignInSetupError(error);
}

/**
 * The interactive OAuth flow: loopback listener, consent through `openUrl`, code exchange.
 * Each request (challenge, discovery, registration, token) answers within the call timeout; the
 * browser consent has its own, longer one. `signal` cancels every step, and the loopback port is
 * free again once this returns.
 */
export async function authorize(
  ctx: SignInContext,
  options: SignInOptions,
  signal: AbortSignal,
): Promise<void> {
  const stored = ctx.authState.get().redirectUri;
  // An interactive provider of its own: the background one can never open a browser.
  const provider = new MonitorOAuthProvider(ctx.authState, ctx.connection.providerOptions());
  const listener = await startCallbackListener(portOf(stored) ?? ctx.preferredRedirectPort ?? 0, {
    accepts: (state) => provider.expectsState(state),
  });
  const fetchFn = cancellable(ctx.connection.fetchFn, signal);
  try {
    if (signal.aborted) throw new SignInCancelledError('The sign-in was cancelled.');
    if (stored && stored !== listener.redirectUri) {
      // The registered port is taken: this redirect URI needs a registration of its own.
      ctx.log('info', 'The sign-in port changed; registering the monitor again.');
      provider.invalidateCredentials('client');
    }
    provider.beginInteractive({ openUrl: options.openUrl, redirectUri: listener.redirectUri });
    const resourceMetadataUrl = await challenge(ctx, fetchFn);
    const base = {
      serverUrl: ctx.serverUrl,
      scope: MONITOR_SCOPE,
      fetchFn,
      ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}),
    };
    const callback = listener.waitForCallback({
      timeoutMs: options.timeoutMs ?? SIGN_IN_TIMEOUT_MS,
      signal,
    });
    callback.catch(() => undefined); // observed below; avoid an unhandled rejection meanwhile
    // Whichever comes first: the opener returning, or the callback (an opener that never returns
    // must not outlast the consent timeout or a cancel).
    const starting = auth(provider, { ...base, forceReauthorization: true });
    starting.catch(() => undefined);
    const first = await Promise.race([
      starting.then((result) => ({ result })),
      callback.then((params) => ({ params })),
    ]);
    if ('result' in first && first.result === 'AUTHORIZED') return;
    const params = 'params' in first ? first.params : await callback;
    if (!provider.checkState(params.get('state'))) {
      throw new SignInError(
        'The sign-in answer did not match this sign-in (state mismatch). Sign in again.',
      );
    }
    const code = params.get('code');
    if (!code) {
      // Only the error code is shown: descriptions are attacker-controlled text.
      const error = /^[a-z_]{1,40}$/.test(params.get('error') ?? '')
        ? params.get('error')
        : 'no code';
      throw new SignInError(`CrossTrade did not authorize the monitor (${error}).`);
    }
    const iss = params.get('iss');
    const finished = await auth(provider, {
      ...base,
      authorizationCode: code,
      ...(iss !== null ? { iss } : {}),
    });
    if (finished !== 'AUTHORIZED') throw new SignInError('CrossTrade did not issue a sign-in.');
  } catch (error) {
    throw signInFailure(error, signal);
  } finally {
    provider.endInteractive();
    await listener.close();
  }
}

/** RFC 7009: revoke the refresh token (and with it the grant); best effort. */
export async function revokeTokens(ctx: SignInContext): Promise<void> {
  const { tokens, discoveryState, clientInformation } = ctx.authState.get();
  const endpoint = (
    discoveryState as
      { authorizationServerMetadata?: { revocation_endpoint?: unknown } } | undefined
  )?.authorizationServerMetadata?.revocation_endpoint;
  const clientId = (clientInformation as { client_id?: unknown } | undefined)?.client_id;
  const fields = (tokens ?? {}) as { refresh_token?: unknown; access_token?: unknown };
  if (typeof endpoint !== 'string' || typeof clientId !== 'string') return;
  for (const [hint, token] of [
    ['refresh_token', fields.refresh_token],
    ['access_token', fields.access_token],
  ] as const) {
    if (typeof token !== 'string' || !token) continue;
    try {
      const res = await ctx.connection.fetchFn(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, token_type_hint: hint, client_id: clientId }),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch (error) {
      ctx.log(
        'warn',
        `Could not revoke the ${hint.replace('_', ' ')}: ${signInErrorMessage(error)}`,
      );
    }
  }
}
