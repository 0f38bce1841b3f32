// The engine over real HTTP against the simulator: request cost, the NT8 check, the refresh race,
// and what a background check must never do (open a browser, register, ask for mcp:trade).
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startSimulator } from '../../simulator/index';
import { AuthState } from '../../electron/monitor/auth/auth-state';
import { createMcpConnection } from '../../electron/monitor/mcp/connection';
import { MonitorOAuthProvider } from '../../electron/monitor/auth/oauth-provider';
import { ids, startWorld, tokenPosts, totalRequests } from './helpers';
import type { World } from './helpers';

let world: World | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await world?.close();
  world = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('request cost', () => {
  it('a healthy light check costs one request (GetMcpCapabilities); every 4th adds GetConnections', async () => {
    world = await startWorld();
    await world.signIn(); // the first check: everything, GetConnections included
    const sim = world.sim;
    const costs: number[] = [];
    const tools: string[][] = [];
    for (let i = 0; i < 8; i++) {
      const total = totalRequests(sim);
      const posts = sim.stats().requests['/v1/api/mcp']?.POST ?? 0;
      const calls = sim.stats().toolCalls;
      const snapshot = await world.engine.checkNow();
      expect(snapshot.level).toBe('ok');
      // Every request of a check is a POST to the MCP endpoint (no GET, no OAuth).
      expect((sim.stats().requests['/v1/api/mcp']?.POST ?? 0) - posts).toBe(
        totalRequests(sim) - total,
      );
      costs.push(totalRequests(sim) - total);
      const after = sim.stats().toolCalls;
      tools.push(
        Object.keys(after).flatMap((name) =>
          Array<string>((after[name] ?? 0) - (calls[name] ?? 0)).fill(name),
        ),
      );
    }
    expect(costs).toEqual([1, 1, 1, 2, 1, 1, 1, 2]);
    const light = ['GetMcpCapabilities'];
    const fourth = ['GetMcpCapabilities', 'GetConnections'];
    expect(tools.map((names) => names.sort())).toEqual(
      [light, light, light, fourth, light, light, light, fourth].map((names) => [...names].sort()),
    );
  });

  it('never opens the standalone GET stream (answered locally with 405)', async () => {
    world = await startWorld();
    await world.signIn();
    await world.engine.checkNow();
    expect(world.sim.stats().requests['/v1/api/mcp']?.GET).toBeUndefined();
  });
});

describe('the local NinjaTrader check', () => {
  it.each([
    ['not_running', ['nt8_not_running']],
    ['running', ['addon_disconnected']],
    ['unknown', ['addon_disconnected']],
  ] as const)('with the add-on unreachable and NT8 %s → %j', async (state, expected) => {
    world = await startWorld({
      sim: { scenario: 'addon_disconnected' },
      engine: { platform: 'win32', nt8ProcessCheck: async () => state },
    });
    await world.signIn();
    expect(ids(world.engine.snapshot)).toEqual(expected);
    expect(world.engine.snapshot.nt8Process).toBe(state);
  });

  it('never claims nt8_not_running while the add-on answers', async () => {
    world = await startWorld({
      engine: { platform: 'win32', nt8ProcessCheck: async () => 'not_running' },
    });
    await world.signIn();
    expect(world.engine.snapshot.level).toBe('ok');
  });

  it('a check that throws or hangs counts as unknown', async () => {
    world = await startWorld({
      sim: { scenario: 'addon_disconnected' },
      engine: {
        platform: 'win32',
        nt8ProcessCheck: async () => {
          throw new Error('no ps');
        },
      },
    });
    await world.signIn();
    expect(ids(world.engine.snapshot)).toEqual(['addon_disconnected']);
    expect(world.engine.snapshot.nt8Process).toBe('unknown');
  });
});

describe('signed out or broken credentials never open a browser', () => {
  it('a background check while signed out: signed_out, no prompt, no registration', async () => {
    world = await startWorld();
    const snapshot = await world.engine.checkNow();
    expect({ level: snapshot.level, problems: ids(snapshot) }).toEqual({
      level: 'unknown',
      problems: ['signed_out'],
    });
    expect(snapshot.token).toEqual({ state: 'signed_out', refreshTokenPresent: false });
    expect(world.prompts).toHaveLength(0);
    expect(world.sim.stats().registrations).toBe(0);
    expect(totalRequests(world.sim)).toBe(1);
  });

  it('revoked credentials: token_invalid on every check and no new registration', async () => {
    world = await startWorld();
    await world.signIn();
    world.sim.setScenario('token_revoked');
    for (let i = 0; i < 3; i++)
      expect(ids(await world.engine.checkNow())).toEqual(['token_invalid']);
    expect(world.prompts).toHaveLength(1);
    expect(world.sim.stats().registrations).toBe(1);
    // Signing in again clears it.
    world.sim.setScenario('healthy');
    await world.signIn();
    expect(world.engine.snapshot.level).toBe('ok');
    expect(world.engine.snapshot.token.rejectedReason).toBeUndefined();
  });

  it('an unreachable server is network_unreachable; a wrong path is endpoint_not_found', async () => {
    const sim = await startSimulator();
    const { origin } = sim;
    await sim.close();
    world = await startWorld({ engine: { serverUrl: `${origin}/v1/api/mcp` } });
    expect(ids(await world.engine.checkNow())).toEqual(['network_unreachable']);
    world.engine.configure({ serverUrl: `${world.sim.origin}/v1/api/mpc` });
    expect(ids(await world.engine.checkNow())).toEqual(['endpoint_not_found']);
  });
});

describe('a wrong address', () => {
  it('a redirect to another origin is endpoint_not_found (and is not followed)', async () => {
    const target = await startSimulator();
    cleanups.push(() => target.close());
    const redirector = createHttpServer((_req, res) => {
      res.writeHead(307, { location: target.url.replace('127.0.0.1', 'localhost') });
      res.end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => redirector.close(() => resolve())));
    const address = redirector.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    world = await startWorld({ engine: { serverUrl: `http://127.0.0.1:${port}/v1/api/mcp` } });
    const snapshot = await world.engine.checkNow();
    expect(ids(snapshot)).toEqual(['endpoint_not_found']);
    expect(target.stats().requests['/v1/api/mcp']).toBeUndefined(); // never followed
  });
});

describe('OAuth client behaviour', () => {
  it("routes the SDK's own console warnings into the redacted log", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    world = await startWorld();
    await world.signIn();
    world.sim.setScenario('token_revoked');
    await world.engine.checkNow();
    expect(warn.mock.calls.filter((args) => String(args[0]).startsWith('[mcp-sdk]'))).toEqual([]);
    expect(world.logs.some((line) => line.startsWith('warn [mcp-sdk] OAuth "invalid_grant"'))).toBe(
      true,
    );
  });

  it('a refused registration (10 per hour) ends the sign-in with a clear reason', async () => {
    world = await startWorld({ sim: { registrationLimit: 0 } });
    await expect(world.signIn()).rejects.toThrow(/too many registrations/);
    expect(ids(await world.engine.checkNow())).toContain('discovery_failed');
    expect(world.prompts).toHaveLength(0);
  });

  it('asks for mcp:read only, as "CrossTrade MCP Monitor": registration, authorization, refresh and a rejected refresh', async () => {
    const requests: Array<{ url: string; body: string }> = [];
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const body = init?.body;
      requests.push({
        url: input instanceof Request ? input.url : String(input),
        body:
          typeof body === 'string' ? body : body instanceof URLSearchParams ? body.toString() : '',
      });
      return realFetch(input, init);
    });
    // Every authorization URL the SDK builds, also the background ones no browser ever opens.
    const authorizations = vi.spyOn(MonitorOAuthProvider.prototype, 'redirectToAuthorization');
    world = await startWorld();
    await world.signIn();
    const registration = requests.find((r) => r.url.endsWith('/v1/oauth/mcp/register'));
    expect(registration).toBeDefined();
    const metadata = JSON.parse(registration?.body ?? '{}') as Record<string, unknown>;
    expect(metadata.scope).toBe('mcp:read');
    expect(metadata.client_name).toBe('CrossTrade MCP Monitor');
    expect(metadata.redirect_uris).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/callback$/),
    ]);
    const authorize = new URL(world.prompts[0] ?? '');
    expect(authorize.searchParams.get('scope')).toBe('mcp:read');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(world.engine.snapshot.token.scope).toBe('mcp:read');

    // A background refresh (refresh_rejected expires the access token; healthy lets it refresh)…
    world.sim.setScenario('refresh_rejected');
    world.sim.setScenario('healthy');
    expect((await world.engine.checkNow()).token.lastRefreshResult).toBe('ok');
    // …and a refused one, after which the SDK builds a new authorization URL in the background.
    world.sim.setScenario('refresh_rejected');
    expect(ids(await world.engine.checkNow())).toEqual(['token_invalid']);

    const refreshes = requests.filter((r) => r.body.includes('grant_type=refresh_token'));
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    const urls = authorizations.mock.calls.map(([url]) => url);
    expect(urls.length).toBeGreaterThanOrEqual(2); // the sign-in's and the background one
    for (const url of urls) expect(url.searchParams.get('scope')).toBe('mcp:read');
    expect(world.prompts).toHaveLength(1); // the background one opened no browser
    const everything = [...requests.map((r) => r.url + r.body), ...urls.map((u) => u.href)];
    expect(everything.filter((text) => /mcp(%3A|:)trade/.test(text))).toEqual([]);
  });

  it('ignores a callback whose state does not match (400) and keeps waiting for its own', async () => {
    world = await startWorld();
    let forged: Response | undefined;
    const signIn = world.engine.signIn({
      timeoutMs: 1000,
      openUrl: async (url) => {
        const res = await fetch(url, { redirect: 'manual' });
        const callback = new URL(res.headers.get('location') ?? '');
        callback.searchParams.set('state', 'forged');
        forged = await fetch(callback);
        await forged.text();
      },
    });
    await expect(signIn).rejects.toThrow(/not completed in time/);
    expect(forged?.status).toBe(400);
    expect(world.engine.snapshot.token.state).toBe('signed_out');
  });

  it('can be cancelled, and gives up after its time limit', async () => {
    world = await startWorld();
    const controller = new AbortController();
    const cancelled = world.engine.signIn({
      openUrl: () => controller.abort(),
      signal: controller.signal,
    });
    await expect(cancelled).rejects.toThrow(/cancelled/);
    await expect(world.engine.signIn({ openUrl: () => undefined, timeoutMs: 50 })).rejects.toThrow(
      /in time/,
    );
  });

  it('keeps its redirect port and registration; registers again only when the port is taken', async () => {
    world = await startWorld();
    await world.signIn();
    const firstRedirect = new URL(world.prompts[0] ?? '').searchParams.get('redirect_uri');
    await world.signIn();
    expect(new URL(world.prompts[1] ?? '').searchParams.get('redirect_uri')).toBe(firstRedirect);
    expect(world.sim.stats().registrations).toBe(1);

    const blocker: Server = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(Number(new URL(firstRedirect ?? '').port), '127.0.0.1', resolve),
    );
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    await world.signIn();
    expect(new URL(world.prompts[2] ?? '').searchParams.get('redirect_uri')).not.toBe(
      firstRedirect,
    );
    expect(world.sim.stats().registrations).toBe(2);
    expect(world.engine.snapshot.level).toBe('ok');
  });

  it('sign-out revokes the grant and shows signed_out', async () => {
    world = await startWorld();
    await world.signIn();
    const revokedBefore = world.sim.stats().tokens.revoked;
    await world.engine.signOut();
    expect(world.sim.stats().tokens.revoked).toBeGreaterThan(revokedBefore);
    expect(ids(world.engine.snapshot)).toEqual(['signed_out']);
    expect(await world.store.load()).not.toHaveProperty('tokens');
  });
});

describe('the refresh race', () => {
  it('the token dies with requests in flight: one refresh, no sign-in prompt (20 trials)', async () => {
    world = await startWorld();
    await world.signIn();
    await world.engine.stop();
    // The engine's own MCP connection, twice over the same credentials and fetch: two sessions
    // whose 401s arrive together, like the SDK's GET stream racing a POST.
    const authState = new AuthState(world.store, Date.now, () => undefined);
    await authState.load();
    const connection = createMcpConnection({
      serverUrl: world.sim.url,
      authState,
      clientName: 'CrossTrade MCP Monitor',
      clientVersion: 'test',
      timeoutMs: 5000,
      log: () => undefined,
    });
    const sessions = [connection.session, connection.newSession()];
    await Promise.all(sessions.map((s) => s.ensureConnected()));
    const refreshesBefore = tokenPosts(world.sim);
    for (let trial = 0; trial < 20; trial++) {
      // refresh_rejected expires every access token on activation; healthy lets refresh work.
      world.sim.setScenario('refresh_rejected');
      world.sim.setScenario('healthy');
      const results = await Promise.all(
        sessions.flatMap((s) => [s.callTool('GetMcpCapabilities'), s.callTool('ListAccounts')]),
      );
      expect(results.every((r) => r.isError !== true)).toBe(true);
    }
    expect(tokenPosts(world.sim) - refreshesBefore).toBe(20); // exactly one refresh per death
    expect(connection.provider.lastAuthorizationUrl).toBeUndefined(); // never asked to sign in
    expect(authState.status()).toMatchObject({ state: 'signed_in', lastRefreshResult: 'ok' });
    expect(world.sim.stats().tokens.issued).toBe(1);
    await Promise.all(sessions.map((s) => s.close()));
  });
});
