/**
 * Test helpers: an in-memory OAuth provider, a loopback redirect listener, a recording fetch, and
 * "a signed-in SDK client against the simulator" built from them. Only the public SDK client API
 * is used, the way the monitor will use it.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { auth, Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type {
  FetchLike,
  OAuthClientMetadata,
  OAuthClientProvider,
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';

/** One HTTP exchange as the client saw it (no bodies, no Authorization header). */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  contentType: string | null;
  wwwAuthenticate: string | null;
  retryAfter: string | null;
  date: string | null;
}

/** A fetch that records every exchange, for wire-level assertions the SDK does not expose. */
export function recordingFetch(log: Exchange[]): FetchLike {
  return async (input, init) => {
    const res = await fetch(input, init);
    log.push({
      method: init?.method ?? 'GET',
      url: String(input),
      status: res.status,
      contentType: res.headers.get('content-type'),
      wwwAuthenticate: res.headers.get('www-authenticate'),
      retryAfter: res.headers.get('retry-after'),
      date: res.headers.get('date'),
    });
    return res;
  };
}

/** Everything the SDK asks a provider to keep, kept in memory. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  client?: StoredOAuthClientInformation;
  stored?: StoredOAuthTokens;
  discovery?: OAuthDiscoveryState;
  verifier = '';
  expectedState = '';
  /** Authorization URLs the SDK asked us to open, newest last. */
  readonly authorizationUrls: URL[] = [];

  constructor(
    readonly redirectUrl: string,
    private readonly clientName = 'simulator tests',
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.clientName,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  state(): string {
    this.expectedState = randomUUID();
    return this.expectedState;
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: StoredOAuthClientInformation) {
    this.client = info;
  }
  tokens() {
    return this.stored;
  }
  saveTokens(tokens: StoredOAuthTokens) {
    this.stored = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrls.push(url);
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
  saveDiscoveryState(state: OAuthDiscoveryState) {
    this.discovery = state;
  }
  discoveryState() {
    return this.discovery;
  }
  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery') {
    if (scope === 'all' || scope === 'client') this.client = undefined;
    if (scope === 'all' || scope === 'tokens') this.stored = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = '';
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
}

/** A loopback listener standing in for the browser's redirect target. */
export interface RedirectListener {
  redirectUrl: string;
  /** Query of the most recent callback. */
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export async function startRedirectListener(): Promise<RedirectListener> {
  const waiting: ((params: URLSearchParams) => void)[] = [];
  const received: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const waiter = waiting.shift();
    if (waiter) waiter(params);
    else received.push(params);
    res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
    res.end('Signed in. You can close this tab.');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no listener address');
  return {
    redirectUrl: `http://127.0.0.1:${address.port}/callback`,
    next: () => {
      const ready = received.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * "The user clicks Allow": opens the authorization URL like a browser (following the simulator's
 * redirect to the loopback listener) and returns the callback query, after checking `state`.
 */
export async function consent(
  provider: MemoryOAuthProvider,
  listener: RedirectListener,
): Promise<URLSearchParams> {
  const url = provider.authorizationUrls.at(-1);
  if (!url) throw new Error('the SDK did not ask for authorization');
  const callback = listener.next();
  const res = await fetch(url, { redirect: 'follow' });
  await res.text();
  const params = await callback;
  if (params.get('state') !== provider.expectedState) throw new Error('state mismatch');
  return params;
}

export interface SignedInClient {
  client: Client;
  transport: StreamableHTTPClientTransport;
  provider: MemoryOAuthProvider;
  listener: RedirectListener;
  /** Every HTTP exchange the SDK made (discovery, DCR, token, MCP). */
  exchanges: Exchange[];
  /** Ends the MCP session (DELETE), closes the client and the redirect listener. */
  close(): Promise<void>;
}

export interface SignInOptions {
  /** Scope passed to the SDK's `auth()`; `undefined` reproduces the SDK default (all scopes). */
  scope?: string | undefined;
  /** Reuse a provider (client registration, tokens) from an earlier sign-in. */
  provider?: MemoryOAuthProvider;
  listener?: RedirectListener;
  /** Don't call `client.connect()` (sign in only). */
  connect?: boolean;
}

/**
 * Registers (DCR), authorizes with PKCE through a loopback redirect, exchanges the code and
 * connects an SDK client. Asks for `mcp:read` unless told otherwise.
 */
export async function signIn(url: string, options: SignInOptions = {}): Promise<SignedInClient> {
  const scope = 'scope' in options ? options.scope : 'mcp:read';
  const listener = options.listener ?? (await startRedirectListener());
  const provider = options.provider ?? new MemoryOAuthProvider(listener.redirectUrl);
  const exchanges: Exchange[] = [];
  const fetchFn = recordingFetch(exchanges);
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    authProvider: provider,
    fetch: fetchFn,
    onInsufficientScope: 'throw',
  });
  const client = new Client({ name: 'simulator-tests', version: '1.0.0' });
  const close = async () => {
    await transport.terminateSession().catch(() => {});
    await client.close().catch(() => {});
    await transport.close().catch(() => {});
    if (!options.listener) await listener.close();
  };
  try {
    if (!provider.tokens()) {
      const result = await auth(provider, { serverUrl: url, scope, fetchFn });
      if (result === 'REDIRECT') await transport.finishAuth(await consent(provider, listener));
    }
    if (options.connect !== false) await client.connect(transport);
  } catch (error) {
    await close();
    throw error;
  }
  return { client, transport, provider, listener, exchanges, close };
}

/** The JSON payload of a tool result (its structuredContent). */
export function payload(result: unknown): Record<string, unknown> {
  const structured = (result as { structuredContent?: Record<string, unknown> }).structuredContent;
  if (!structured) throw new Error(`no structuredContent in ${JSON.stringify(result)}`);
  return structured;
}

/** Raw JSON-RPC over fetch, for wire-level checks: initialize and return the session id. */
export async function rawInitialize(url: string, token: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: rawHeaders(token),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    }),
  });
  await res.text();
  const session = res.headers.get('mcp-session-id');
  if (!res.ok || !session) throw new Error(`initialize failed: HTTP ${res.status}`);
  const note = await fetch(url, {
    method: 'POST',
    headers: { ...rawHeaders(token), 'mcp-session-id': session },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  await note.text();
  return session;
}

export function rawHeaders(token?: string, session?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  if (token) headers.authorization = `Bearer ${token}`;
  if (session) headers['mcp-session-id'] = session;
  return headers;
}

/** POSTs one tools/call on a raw session and returns the response. */
export function rawToolCall(
  url: string,
  token: string,
  session: string,
  name: string,
  args: Record<string, unknown> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: rawHeaders(token, session),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name, arguments: args },
    }),
  });
}

/** The access token a signed-in client holds. */
export function accessToken(signedIn: SignedInClient): string {
  const token = signedIn.provider.tokens()?.access_token;
  if (!token) throw new Error('not signed in');
  return token;
}

// ---- raw OAuth, for wire-level checks of the authorization server ---------------------------

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function rawRegister(
  origin: string,
  redirectUri = 'http://127.0.0.1:47999/callback',
): Promise<Response> {
  return fetch(`${origin}/v1/oauth/mcp/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'raw test client',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
}

/** Opens the authorize URL without following the redirect; returns the redirect target. */
export async function rawAuthorize(
  origin: string,
  params: Record<string, string>,
): Promise<{ status: number; location: URL | undefined; body: string }> {
  const url = new URL(`${origin}/v1/oauth/mcp/authorize`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  return {
    status: res.status,
    location: location ? new URL(location) : undefined,
    body: await res.text(),
  };
}

export async function rawToken(origin: string, params: Record<string, string>): Promise<Response> {
  return fetch(`${origin}/v1/oauth/mcp/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

export interface RawTokens {
  clientId: string;
  access_token: string;
  refresh_token: string;
  scope: string;
  expires_in: number;
}

/** Register, authorize (auto-consent) and exchange the code, all by hand. */
export async function rawSignIn(origin: string, scope = 'mcp:read'): Promise<RawTokens> {
  const redirectUri = 'http://127.0.0.1:47999/callback'; // never contacted: the redirect is not followed
  const registered = (await (await rawRegister(origin, redirectUri)).json()) as {
    client_id: string;
  };
  const { verifier, challenge } = pkcePair();
  const { location } = await rawAuthorize(origin, {
    response_type: 'code',
    client_id: registered.client_id,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    scope,
    state: 'raw',
  });
  const code = location?.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location?.href}`);
  const res = await rawToken(origin, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    client_id: registered.client_id,
    redirect_uri: redirectUri,
  });
  if (!res.ok) throw new Error(`token exchange failed: HTTP ${res.status}`);
  return { clientId: registered.client_id, ...((await res.json()) as Omit<RawTokens, 'clientId'>) };
}
