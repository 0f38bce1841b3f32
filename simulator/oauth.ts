/**
 * The simulator's OAuth 2.1 authorization server, shaped like CrossTrade's: dynamic client
 * registration (RFC 7591, public clients only), an authorize endpoint that consents on the user's
 * behalf, the token endpoint (authorization_code with PKCE S256, refresh_token with rotation) and
 * revocation (RFC 7009). Tokens are opaque random strings kept in memory.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/server';
import { parseParams, sendJson, sendOAuthError } from './http.js';

export const SCOPES = ['mcp:read', 'mcp:trade'] as const;
export type Scope = (typeof SCOPES)[number];

export const OAUTH_PATHS = {
  register: '/v1/oauth/mcp/register',
  authorize: '/v1/oauth/mcp/authorize',
  token: '/v1/oauth/mcp/token',
  revoke: '/v1/oauth/mcp/revoke',
} as const;

const CODE_TTL_MS = 60_000;
const REFRESH_TTL_MS = 30 * 24 * 3600_000;
const REGISTRATION_WINDOW_MS = 3600_000;

export interface AuthServerConfig {
  origin: string;
  /** The `issuer` advertised in metadata and sent as `iss` on the callback. */
  issuer: string;
  /** The protected resource (the MCP endpoint URL). */
  resource: string;
  /** Scopes the simulated user is willing to grant. */
  grantableScopes: readonly Scope[];
  accessTokenTtlSec: () => number;
  refreshRejected: () => boolean;
  /** Registrations allowed per hour per IP; undefined = unlimited. */
  registrationLimit: number | undefined;
  now?: () => number;
}

interface RegisteredClient {
  clientId: string;
  redirectUris: string[];
}
interface Grant {
  id: string;
  clientId: string;
  scope: Scope;
}
interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: Scope;
  expiresAt: number;
}
interface StoredToken {
  grant: Grant;
  expiresAt: number;
}

export type VerifyResult =
  { ok: true; auth: AuthInfo } | { ok: false; missing: boolean; description: string };

export interface OAuthCounters {
  registrations: number;
  issued: number;
  refreshed: number;
  revoked: number;
}

const randomToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

/** Does a token carrying `scopes` permit `needed`? `mcp:trade` is a superset of `mcp:read`. */
export function permits(scopes: readonly string[], needed: Scope): boolean {
  return scopes.includes(needed) || (needed === 'mcp:read' && scopes.includes('mcp:trade'));
}

/**
 * Requested ∩ grantable, collapsed to one scope: a CrossTrade token carries exactly one, and
 * `mcp:trade` includes everything `mcp:read` allows. Nothing requested means `mcp:read`.
 */
export function grantScope(
  requested: string | undefined,
  grantable: readonly Scope[],
): Scope | undefined {
  const asked = requested?.trim() ? requested.trim().split(/\s+/) : ['mcp:read'];
  const allowed = SCOPES.filter((s) => asked.includes(s) && grantable.includes(s));
  return allowed.includes('mcp:trade') ? 'mcp:trade' : allowed[0];
}

function validRedirectUri(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    if (url.hash) return false;
    if (url.protocol === 'https:') return true;
    if (url.protocol === 'http:') return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) && url.protocol !== 'javascript:';
  } catch {
    return false;
  }
}

export class AuthServer {
  readonly counters: OAuthCounters = { registrations: 0, issued: 0, refreshed: 0, revoked: 0 };
  private readonly clients = new Map<string, RegisteredClient>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly accessTokens = new Map<string, StoredToken>();
  private readonly refreshTokens = new Map<string, StoredToken>();
  private readonly registrationsByIp = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly config: AuthServerConfig) {
    this.now = config.now ?? Date.now;
  }

  protectedResourceMetadata() {
    return {
      resource: this.config.resource,
      authorization_servers: [this.config.origin],
      scopes_supported: [...SCOPES],
      bearer_methods_supported: ['header'],
      resource_name: 'CrossTrade MCP (simulated)',
    };
  }

  authorizationServerMetadata() {
    const o = this.config.origin;
    return {
      issuer: this.config.issuer,
      authorization_endpoint: o + OAUTH_PATHS.authorize,
      token_endpoint: o + OAUTH_PATHS.token,
      registration_endpoint: o + OAUTH_PATHS.register,
      revocation_endpoint: o + OAUTH_PATHS.revoke,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      revocation_endpoint_auth_methods_supported: ['none'],
      scopes_supported: [...SCOPES],
      authorization_response_iss_parameter_supported: true,
    };
  }

  /** Checks an `Authorization` header value. */
  verify(header: string | undefined): VerifyResult {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match?.[1]) return { ok: false, missing: true, description: 'Missing bearer token' };
    const token = match[1];
    const stored = this.accessTokens.get(token);
    if (!stored) return { ok: false, missing: false, description: 'The access token is invalid' };
    if (stored.expiresAt <= this.now()) {
      return { ok: false, missing: false, description: 'The access token expired' };
    }
    return {
      ok: true,
      auth: {
        token,
        clientId: stored.grant.clientId,
        scopes: [stored.grant.scope],
        expiresAt: Math.floor(stored.expiresAt / 1000),
        resource: new URL(this.config.resource),
      },
    };
  }

  /** token_revoked: every access and refresh token issued so far stops working at once. */
  revokeEverything(): void {
    this.counters.revoked += this.accessTokens.size + this.refreshTokens.size;
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.codes.clear();
  }

  /** Shortens every live access token to at most `ttlSec` from now. */
  capAccessTokens(ttlSec: number): void {
    const limit = this.now() + ttlSec * 1000;
    for (const t of this.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, limit);
  }

  // ---- endpoints ---------------------------------------------------------------------------

  register(req: IncomingMessage, res: ServerResponse, body: Buffer, ip: string): void {
    const limit = this.config.registrationLimit;
    if (limit !== undefined) {
      const since = this.now() - REGISTRATION_WINDOW_MS;
      const recent = (this.registrationsByIp.get(ip) ?? []).filter((t) => t > since);
      if (recent.length >= limit) {
        sendOAuthError(
          res,
          429,
          'too_many_registrations',
          `At most ${limit} client registrations per hour from one address: reuse your client_id.`,
          {
            'retry-after': String(
              Math.ceil((recent[0]! + REGISTRATION_WINDOW_MS - this.now()) / 1000),
            ),
          },
        );
        return;
      }
      recent.push(this.now());
      this.registrationsByIp.set(ip, recent);
    }
    let meta: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error();
      meta = parsed as Record<string, unknown>;
    } catch {
      sendOAuthError(res, 400, 'invalid_client_metadata', 'The body must be a JSON object.');
      return;
    }
    const uris = meta.redirect_uris;
    if (!Array.isArray(uris) || uris.length === 0 || !uris.every(validRedirectUri)) {
      sendOAuthError(
        res,
        400,
        'invalid_redirect_uri',
        'redirect_uris must be a non-empty list of https, loopback http or app-scheme URIs.',
      );
      return;
    }
    const method = meta.token_endpoint_auth_method;
    if (method !== undefined && method !== 'none') {
      sendOAuthError(res, 400, 'invalid_client_metadata', 'Only public clients are supported.');
      return;
    }
    const client: RegisteredClient = { clientId: randomUUID(), redirectUris: [...uris] };
    this.clients.set(client.clientId, client);
    this.counters.registrations++;
    sendJson(
      res,
      201,
      {
        client_id: client.clientId,
        client_id_issued_at: Math.floor(this.now() / 1000),
        client_name: typeof meta.client_name === 'string' ? meta.client_name : undefined,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        scope: typeof meta.scope === 'string' ? meta.scope : undefined,
      },
      { 'cache-control': 'no-store' },
    );
  }

  /** Auto-consent: answers with a redirect straight back to the client. */
  authorize(_req: IncomingMessage, res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const client = this.clients.get(q.get('client_id') ?? '');
    if (!client) {
      sendOAuthError(res, 400, 'invalid_client', 'Unknown client_id: register the client first.');
      return;
    }
    const redirectUri = q.get('redirect_uri') ?? client.redirectUris[0] ?? '';
    if (!client.redirectUris.includes(redirectUri)) {
      sendOAuthError(
        res,
        400,
        'invalid_request',
        'redirect_uri is not registered for this client.',
      );
      return;
    }
    const back = (params: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      const state = q.get('state');
      if (state !== null) target.searchParams.set('state', state);
      target.searchParams.set('iss', this.config.issuer);
      res.writeHead(302, { location: target.href, 'cache-control': 'no-store' });
      res.end();
    };
    if (q.get('response_type') !== 'code') {
      back({ error: 'unsupported_response_type', error_description: 'Only "code" is supported.' });
      return;
    }
    const challenge = q.get('code_challenge');
    if (!challenge || q.get('code_challenge_method') !== 'S256') {
      back({ error: 'invalid_request', error_description: 'PKCE with S256 is required.' });
      return;
    }
    const scope = grantScope(q.get('scope') ?? undefined, this.config.grantableScopes);
    if (!scope) {
      back({ error: 'invalid_scope', error_description: 'The user did not grant any scope.' });
      return;
    }
    const code = randomToken('ct_code_');
    this.codes.set(code, {
      clientId: client.clientId,
      redirectUri,
      challenge,
      scope,
      expiresAt: this.now() + CODE_TTL_MS,
    });
    back({ code });
  }

  token(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    let p: Map<string, string>;
    try {
      p = parseParams(req, body);
    } catch {
      sendOAuthError(res, 400, 'invalid_request', 'Unreadable token request body.');
      return;
    }
    const grantType = p.get('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      sendOAuthError(res, 400, 'unsupported_grant_type', `Unsupported grant_type "${grantType}".`);
      return;
    }
    const client = this.clients.get(p.get('client_id') ?? '');
    if (!client) {
      sendOAuthError(res, 401, 'invalid_client', 'Unknown client_id.');
      return;
    }
    const resource = p.get('resource');
    if (resource !== undefined && !this.isOurResource(resource)) {
      sendOAuthError(res, 400, 'invalid_target', 'Unknown resource.');
      return;
    }
    if (grantType === 'authorization_code') this.exchangeCode(res, client, p);
    else this.refresh(res, client, p);
  }

  revoke(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    let token: string | undefined;
    try {
      token = parseParams(req, body).get('token');
    } catch {
      token = undefined;
    }
    if (!token) {
      sendOAuthError(res, 400, 'invalid_request', 'The token parameter is required.');
      return;
    }
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      this.revokeGrant(refresh.grant.id); // RFC 7009 §2.1: the whole grant goes
    } else if (this.accessTokens.delete(token)) {
      this.counters.revoked++;
    }
    res.writeHead(200, { 'cache-control': 'no-store', 'content-length': '0' });
    res.end(); // RFC 7009: 200 whether or not the token was known
  }

  // ---- internals ---------------------------------------------------------------------------

  private exchangeCode(res: ServerResponse, client: RegisteredClient, p: Map<string, string>) {
    const codeValue = p.get('code') ?? '';
    const code = this.codes.get(codeValue);
    this.codes.delete(codeValue); // single use, whatever happens next
    const verifier = p.get('code_verifier');
    if (!code || code.clientId !== client.clientId || code.expiresAt <= this.now()) {
      sendOAuthError(
        res,
        400,
        'invalid_grant',
        'The authorization code is invalid, used or expired.',
      );
      return;
    }
    if (p.has('redirect_uri') && p.get('redirect_uri') !== code.redirectUri) {
      sendOAuthError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization.');
      return;
    }
    const computed = verifier ? createHash('sha256').update(verifier).digest('base64url') : '';
    if (computed !== code.challenge) {
      sendOAuthError(res, 400, 'invalid_grant', 'PKCE verification failed.');
      return;
    }
    const grant: Grant = { id: randomUUID(), clientId: client.clientId, scope: code.scope };
    this.counters.issued++;
    this.issue(res, grant);
  }

  private refresh(res: ServerResponse, client: RegisteredClient, p: Map<string, string>) {
    if (this.config.refreshRejected()) {
      sendOAuthError(res, 400, 'invalid_grant', 'The refresh token was rejected.');
      return;
    }
    const value = p.get('refresh_token') ?? '';
    const stored = this.refreshTokens.get(value);
    if (!stored || stored.grant.clientId !== client.clientId || stored.expiresAt <= this.now()) {
      sendOAuthError(res, 400, 'invalid_grant', 'The refresh token is invalid, used or revoked.');
      return;
    }
    const scope = p.get('scope');
    if (scope && scope.split(/\s+/).some((s) => !permits([stored.grant.scope], s as Scope))) {
      sendOAuthError(res, 400, 'invalid_scope', 'A refresh cannot widen the granted scope.');
      return;
    }
    this.refreshTokens.delete(value); // rotation: the old refresh token is spent
    this.counters.refreshed++;
    this.issue(res, stored.grant);
  }

  private issue(res: ServerResponse, grant: Grant): void {
    this.pruneExpired();
    const ttl = this.config.accessTokenTtlSec();
    const accessToken = randomToken('ct_at_');
    const refreshToken = randomToken('ct_rt_');
    this.accessTokens.set(accessToken, { grant, expiresAt: this.now() + ttl * 1000 });
    this.refreshTokens.set(refreshToken, { grant, expiresAt: this.now() + REFRESH_TTL_MS });
    sendJson(
      res,
      200,
      {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: ttl,
        refresh_token: refreshToken,
        scope: grant.scope,
      },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  /** Keeps long demos with short-lived tokens from growing the maps without bound. */
  private pruneExpired(): void {
    if (this.accessTokens.size < 1000) return;
    const now = this.now();
    for (const [token, stored] of this.accessTokens) {
      if (stored.expiresAt <= now) this.accessTokens.delete(token);
    }
  }

  private revokeGrant(grantId: string): void {
    for (const map of [this.accessTokens, this.refreshTokens]) {
      for (const [token, stored] of map) {
        if (stored.grant.id === grantId) {
          map.delete(token);
          this.counters.revoked++;
        }
      }
    }
  }

  private isOurResource(value: string): boolean {
    const strip = (s: string) => s.replace(/#.*$/, '').replace(/\/$/, '');
    return strip(value) === strip(this.config.resource) || strip(value) === this.config.origin;
  }
}
