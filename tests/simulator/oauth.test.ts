import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Client,
  IssuerMismatchError,
  StreamableHTTPClientTransport,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import { startSimulator } from '../../simulator/index.js';
import { CAPABILITIES_1_13 } from '../fixtures/crosstrade-answers';
import type { Simulator } from '../../simulator/index.js';
import {
  accessToken,
  consent,
  MemoryOAuthProvider,
  payload,
  pkcePair,
  rawAuthorize,
  rawHeaders,
  rawRegister,
  rawSignIn,
  rawToken,
  recordingFetch,
  signIn,
  startRedirectListener,
} from './helpers.js';
import type { Exchange, SignedInClient } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sim: Simulator;
const clients: SignedInClient[] = [];
const track = (c: SignedInClient) => (clients.push(c), c);

beforeAll(async () => {
  sim = await startSimulator();
});
beforeEach(() => {
  // The SDK narrates credential invalidation on console.warn; these tests provoke it on purpose.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.close()));
  sim.setScenario('healthy');
});
afterAll(async () => {
  await sim.close();
});

describe('discovery', () => {
  it('challenges an unauthenticated request the way CrossTrade does', async () => {
    const res = await fetch(sim.url, { method: 'POST', headers: rawHeaders(), body: '{}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${sim.origin}/.well-known/oauth-protected-resource"`,
    );
  });

  it('offers the realm= form of the challenge as an option', async () => {
    const realm = await startSimulator({ challenge: 'realm' });
    try {
      const res = await fetch(realm.url, { method: 'POST', headers: rawHeaders(), body: '{}' });
      expect(res.status).toBe(401);
      const header = res.headers.get('www-authenticate') ?? '';
      expect(header).toBe(`Bearer realm="${realm.origin}/.well-known/oauth-protected-resource"`);
      // the SDK still finds its way through the well-known fallbacks
      const c = await signIn(realm.url);
      clients.push(c);
      expect(payload(await c.client.callTool({ name: 'GetMcpCapabilities' }))).toHaveProperty(
        'addon_version',
      );
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await realm.close();
    }
  });

  it('serves protected-resource metadata at the root and path-aware, and AS metadata', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/v1/api/mcp',
    ]) {
      const prm = await (await fetch(sim.origin + path)).json();
      expect(prm).toMatchObject({
        resource: sim.url,
        authorization_servers: [sim.origin],
        scopes_supported: ['mcp:read', 'mcp:trade'],
      });
    }
    const as = await (await fetch(`${sim.origin}/.well-known/oauth-authorization-server`)).json();
    expect(as).toMatchObject({
      issuer: sim.origin,
      authorization_endpoint: `${sim.origin}/v1/oauth/mcp/authorize`,
      token_endpoint: `${sim.origin}/v1/oauth/mcp/token`,
      registration_endpoint: `${sim.origin}/v1/oauth/mcp/register`,
      revocation_endpoint: `${sim.origin}/v1/oauth/mcp/revoke`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['mcp:read', 'mcp:trade'],
    });
  });

  it('fails sign-in with IssuerMismatchError when the issuer is overridden', async () => {
    const odd = await startSimulator({ issuer: 'https://app.crosstrade.io' });
    try {
      await expect(signIn(odd.url)).rejects.toBeInstanceOf(IssuerMismatchError);
    } finally {
      await odd.close();
    }
  });
});

describe('sign-in with the SDK client', () => {
  it('registers, authorizes with PKCE through a loopback redirect and calls GetMcpCapabilities', async () => {
    const before = sim.stats();
    const c = track(await signIn(sim.url));
    const paths = c.exchanges.map((e) => `${e.method} ${new URL(e.url).pathname} ${e.status}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /.well-known/oauth-authorization-server 200',
        'POST /v1/oauth/mcp/register 201',
        'POST /v1/oauth/mcp/token 200',
      ]),
    );
    const authorizeUrl = c.provider.authorizationUrls[0];
    expect(authorizeUrl?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl?.searchParams.get('scope')).toBe('mcp:read');
    expect(c.provider.tokens()?.scope).toBe('mcp:read');

    const caps = payload(await c.client.callTool({ name: 'GetMcpCapabilities' }));
    expect(caps).toEqual(CAPABILITIES_1_13);
    const after = sim.stats();
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.tokens.issued - before.tokens.issued).toBe(1);
  });

  it("also completes the SDK's own flow from the 401 challenge (which asks for every scope)", async () => {
    const listener = await startRedirectListener();
    const provider = new MemoryOAuthProvider(listener.redirectUrl);
    const exchanges: Exchange[] = [];
    const options = {
      authProvider: provider,
      fetch: recordingFetch(exchanges),
      onInsufficientScope: 'throw' as const,
    };
    const first = new StreamableHTTPClientTransport(new URL(sim.url), options);
    const second = new StreamableHTTPClientTransport(new URL(sim.url), options);
    const client = new Client({ name: 'natural-flow', version: '1.0.0' });
    try {
      await expect(client.connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
      expect(exchanges[0]).toMatchObject({ method: 'POST', url: sim.url, status: 401 });
      // discovery followed the challenge to the root protected-resource metadata
      expect(exchanges[1]?.url).toBe(`${sim.origin}/.well-known/oauth-protected-resource`);
      // the scope-escalation trap: without scope= in the challenge the SDK asks for both
      expect(provider.authorizationUrls[0]?.searchParams.get('scope')).toBe('mcp:read mcp:trade');
      await first.finishAuth(await consent(provider, listener));
      expect(provider.tokens()?.scope).toBe('mcp:trade'); // the default user grants both
      await client.connect(second);
      expect(payload(await client.callTool({ name: 'GetMcpCapabilities' }))).toHaveProperty(
        'addon_version',
      );
      await second.terminateSession();
    } finally {
      await client.close();
      await listener.close();
    }
  });

  it('gives a client asking for both scopes only what the user grants', async () => {
    const readOnly = await startSimulator({ grantableScopes: ['mcp:read'] });
    try {
      // scope undefined = the SDK default: every scope in scopes_supported
      const c = await signIn(readOnly.url, { scope: undefined });
      clients.push(c);
      expect(c.provider.authorizationUrls[0]?.searchParams.get('scope')).toBe('mcp:read mcp:trade');
      expect(c.provider.tokens()?.scope).toBe('mcp:read');
      const names = (await c.client.listTools()).tools.map((t) => t.name);
      expect(names).not.toContain('PlaceOrder');
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await readOnly.close();
    }
  });

  it('grants exactly one scope: both requested and allowed gives mcp:trade', async () => {
    const c = track(await signIn(sim.url, { scope: 'mcp:read mcp:trade' }));
    expect(c.provider.tokens()?.scope).toBe('mcp:trade');
  });

  it('refreshes an expired access token transparently (token_short_ttl)', async () => {
    sim.setScenario('token_short_ttl', { ttlSec: 1 });
    const c = track(await signIn(sim.url));
    expect(c.provider.tokens()?.expires_in).toBe(1);
    const first = accessToken(c);
    await c.client.callTool({ name: 'GetMcpCapabilities' });
    await sleep(1100);
    const before = sim.stats().tokens.refreshed;
    const caps = payload(await c.client.callTool({ name: 'GetMcpCapabilities' }));
    expect(caps.addon_version).toBe('1.13.0');
    expect(sim.stats().tokens.refreshed).toBe(before + 1);
    expect(accessToken(c)).not.toBe(first);
    expect(
      c.exchanges.some((e) => e.status === 401 && /invalid_token/.test(e.wwwAuthenticate ?? '')),
    ).toBe(true);
  });
});

describe('authorization server rules', () => {
  async function registeredClient() {
    const redirectUri = 'http://127.0.0.1:47999/callback';
    const res = await rawRegister(sim.origin, redirectUri);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { client_id: string; token_endpoint_auth_method: string };
    expect(body.token_endpoint_auth_method).toBe('none');
    return { clientId: body.client_id, redirectUri };
  }

  it('rejects a wrong PKCE verifier with 400 invalid_grant, and codes are single-use', async () => {
    const { clientId, redirectUri } = await registeredClient();
    const { verifier, challenge } = pkcePair();
    const { status, location } = await rawAuthorize(sim.origin, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'xyz',
    });
    expect(status).toBe(302);
    expect(location?.origin + (location?.pathname ?? '')).toBe(redirectUri);
    expect(location?.searchParams.get('state')).toBe('xyz');
    expect(location?.searchParams.get('iss')).toBe(sim.origin);
    const code = location?.searchParams.get('code') ?? '';
    const exchange = (codeVerifier: string) =>
      rawToken(sim.origin, {
        grant_type: 'authorization_code',
        code,
        code_verifier: codeVerifier,
        client_id: clientId,
        redirect_uri: redirectUri,
      });
    const wrong = await exchange(pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });
    // the failed attempt spent the code: even the right verifier cannot use it now
    const reused = await exchange(verifier);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('requires S256 and refuses unregistered redirect URIs without redirecting', async () => {
    const { clientId, redirectUri } = await registeredClient();
    const plain = await rawAuthorize(sim.origin, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: 'abc',
      code_challenge_method: 'plain',
    });
    expect(plain.location?.searchParams.get('error')).toBe('invalid_request');
    const missing = await rawAuthorize(sim.origin, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
    });
    expect(missing.location?.searchParams.get('error')).toBe('invalid_request');
    const elsewhere = await rawAuthorize(sim.origin, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: 'http://127.0.0.1:47998/callback',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.location).toBeUndefined();
    expect(JSON.parse(elsewhere.body)).toMatchObject({ error: 'invalid_request' });
  });

  it('registers public clients only', async () => {
    const confidential = await fetch(`${sim.origin}/v1/oauth/mcp/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: ['http://127.0.0.1:47999/cb'],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    expect(confidential.status).toBe(400);
    expect(await confidential.json()).toMatchObject({ error: 'invalid_client_metadata' });
    const noRedirect = await fetch(`${sim.origin}/v1/oauth/mcp/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['http://evil.example/cb'] }),
    });
    expect(noRedirect.status).toBe(400);
  });

  it('rotates refresh tokens: a used refresh token is invalid_grant', async () => {
    const tokens = await rawSignIn(sim.origin);
    const refresh = (token: string) =>
      rawToken(sim.origin, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: tokens.clientId,
      });
    const first = await refresh(tokens.refresh_token);
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { refresh_token: string; scope: string };
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(rotated.scope).toBe('mcp:read');
    const again = await refresh(tokens.refresh_token);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(rotated.refresh_token)).status).toBe(200);
  });

  it('revokes (RFC 7009): the revoked token gets 401 invalid_token on its next request', async () => {
    const c = track(await signIn(sim.url));
    await c.client.callTool({ name: 'GetMcpCapabilities' });
    const token = accessToken(c);
    const refreshToken = c.provider.tokens()?.refresh_token ?? '';
    const revokedBefore = sim.stats().tokens.revoked;
    const revoke = await fetch(`${sim.origin}/v1/oauth/mcp/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshToken,
        token_type_hint: 'refresh_token',
        client_id: c.provider.client?.client_id ?? '',
      }),
    });
    expect(revoke.status).toBe(200);
    // RFC 7009 §2.1: revoking the refresh token takes the whole grant (it and its access token)
    expect(sim.stats().tokens.revoked - revokedBefore).toBe(2);

    const raw = await fetch(sim.url, {
      method: 'POST',
      headers: rawHeaders(token, c.transport.sessionId),
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await raw.json()).toMatchObject({ error: 'invalid_token' });

    // the SDK client: refresh fails too, so it asks for a new interactive sign-in
    await expect(c.client.callTool({ name: 'GetMcpCapabilities' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(c.provider.authorizationUrls.length).toBe(2);
  });

  it('limits registrations to 10 per hour per IP only when asked', async () => {
    const limited = await startSimulator({ registrationLimit: true });
    try {
      for (let i = 0; i < 10; i++) expect((await rawRegister(limited.origin)).status).toBe(201);
      const refused = await rawRegister(limited.origin);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ error: 'too_many_registrations' });
      // seconds until the oldest of the 10 leaves the one-hour window
      const retryAfter = refused.headers.get('retry-after') ?? '';
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThan(3500);
      expect(Number(retryAfter)).toBeLessThanOrEqual(3600);
      expect(limited.stats().registrations).toBe(10);
    } finally {
      await limited.close();
    }
    for (let i = 0; i < 11; i++) expect((await rawRegister(sim.origin)).status).toBe(201);
  });
});

describe('token scenarios', () => {
  it('token_revoked: every existing access and refresh token dies at once; a new sign-in works', async () => {
    const c = track(await signIn(sim.url));
    const raw = await rawSignIn(sim.origin);
    sim.setScenario('token_revoked');
    await expect(c.client.callTool({ name: 'GetMcpCapabilities' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const refreshed = await rawToken(sim.origin, {
      grant_type: 'refresh_token',
      refresh_token: raw.refresh_token,
      client_id: raw.clientId,
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });

    const again = track(await signIn(sim.url));
    expect(payload(await again.client.callTool({ name: 'GetMcpCapabilities' }))).toHaveProperty(
      'addon_version',
    );
  });

  it('token_short_ttl without options issues 2-second access tokens', async () => {
    sim.setScenario('token_short_ttl');
    expect(sim.state().options).toEqual({ ttlSec: 2 });
    const raw = await rawSignIn(sim.origin);
    expect(raw.expires_in).toBe(2);
    const refreshed = await rawToken(sim.origin, {
      grant_type: 'refresh_token',
      refresh_token: raw.refresh_token,
      client_id: raw.clientId,
    });
    expect(((await refreshed.json()) as { expires_in: number }).expires_in).toBe(2);
  });

  it('refresh_rejected: the refresh grant answers 400 invalid_grant', async () => {
    const c = track(await signIn(sim.url));
    const raw = await rawSignIn(sim.origin);
    sim.setScenario('refresh_rejected');
    const res = await rawToken(sim.origin, {
      grant_type: 'refresh_token',
      refresh_token: raw.refresh_token,
      client_id: raw.clientId,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    // current access tokens expired on activation: the SDK client ends up signed out
    await expect(c.client.callTool({ name: 'GetMcpCapabilities' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(c.exchanges.filter((e) => e.url.endsWith('/token')).at(-1)?.status).toBe(400);
  });
});
