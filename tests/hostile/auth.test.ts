// Sign-in and token refresh against a hostile CrossTrade: a token endpoint or discovery document
// that stalls or trickles, a stray request to the loopback callback, metadata naming plain-http
// endpoints off this computer, a token response missing a field. Every case must settle in
// seconds with a readable reason, and leave the monitor able to recover once the server does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HealthSnapshot } from '../../shared/health';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import type { MonitorEngine } from '../../electron/monitor/engine-types';
import { FAST } from '../monitor/helpers';
import { startHostileServer } from './server';
import { TOKEN_PATH } from './world';
import type { HostileRequest, HostileRule, HostileServer } from './server';

const AS_METADATA = '/.well-known/oauth-authorization-server';

let hostile: HostileServer | undefined;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await hostile?.close();
  hostile = undefined;
});

async function engineFor(server: HostileServer, callTimeoutMs = 1000): Promise<MonitorEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'hostile-auth-'));
  const engine = createEngine({
    serverUrl: server.url,
    tokenStore: new MemoryTokenStore(),
    stateDir: dir,
    callTimeoutMs,
    timing: FAST,
    nt8ProcessCheck: async () => 'unknown',
  });
  cleanups.push(async () => {
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return engine;
}

const ids = (snapshot: HealthSnapshot) => snapshot.problems.map((p) => p.id);

/** Never answers (the proxy destroys the socket when it closes). */
const silent =
  (match: (req: HostileRequest) => boolean): HostileRule =>
  (req) =>
    match(req);

/** Sends 200 + JSON headers, then one space every 200 ms, forever. */
const trickle =
  (match: (req: HostileRequest) => boolean): HostileRule =>
  (req, res: ServerResponse) => {
    if (!match(req)) return false;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), 200);
    res.on('close', () => clearInterval(timer));
    return true;
  };

const isRefresh = (req: HostileRequest) =>
  req.path === TOKEN_PATH && req.body.includes('grant_type=refresh_token');
const isCodeExchange = (req: HostileRequest) =>
  req.path === TOKEN_PATH && req.body.includes('grant_type=authorization_code');

/** Kills the access token; the refresh token stays good (the simulator accepts the refresh). */
function expireAccessTokens(server: HostileServer): void {
  server.simulator.setScenario('refresh_rejected');
  server.simulator.setScenario('healthy');
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

describe('a stalled token refresh', () => {
  it.each([
    ['never answers', silent(isRefresh)],
    ['sends headers, then trickles', trickle(isRefresh)],
  ])(
    'when the token endpoint %s: the check settles within seconds, says the sign-in server did not answer, and the next check recovers',
    async (_name, rule) => {
      hostile = await startHostileServer();
      const engine = await engineFor(hostile);
      await engine.signIn({ openUrl: autoConsent() });
      expect(engine.snapshot.level).toBe('ok');

      expireAccessTokens(hostile);
      hostile.rules = [rule];
      const stalled = await timed(() => engine.checkNow());
      expect(stalled.ms).toBeLessThan(5000);
      expect(ids(stalled.value)).toContain('network_unreachable');
      expect(ids(stalled.value)).not.toContain('signed_out');
      expect(ids(stalled.value)).not.toContain('token_invalid');
      expect(stalled.value.token.state).toBe('signed_in');
      expect(JSON.stringify(stalled.value.problems)).toMatch(/sign-in server did not answer/);

      // The server is fixed: the next check starts a new refresh instead of waiting on the old one.
      hostile.rules = [];
      const fixed = await timed(() => engine.checkNow());
      expect(fixed.ms).toBeLessThan(5000);
      expect(fixed.value.level).toBe('ok');
    },
  );
});

describe('sign-in honours the call timeout', () => {
  it('a silent token endpoint fails the sign-in within seconds, naming the sign-in server', async () => {
    hostile = await startHostileServer({ rules: [silent(isCodeExchange)] });
    const engine = await engineFor(hostile);
    const started = Date.now();
    const error = await engine.signIn({ openUrl: autoConsent() }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error?.message).toMatch(/sign-in server did not answer within 1 s/);
  });

  it('a trickling discovery document fails the sign-in within seconds', async () => {
    hostile = await startHostileServer({ rules: [trickle((req) => req.path === AS_METADATA)] });
    const engine = await engineFor(hostile);
    const started = Date.now();
    await expect(engine.signIn({ openUrl: autoConsent() })).rejects.toThrow(/did not answer/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('an opener that never returns does not outlast the consent timeout', async () => {
    hostile = await startHostileServer();
    const engine = await engineFor(hostile);
    const started = Date.now();
    await expect(
      engine.signIn({ openUrl: () => new Promise<void>(() => undefined), timeoutMs: 500 }),
    ).rejects.toThrow(/not completed in time/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('auto-consent against a trickling authorization page fails within its hop timeout', async () => {
    hostile = await startHostileServer({
      rules: [trickle((req) => req.path === '/v1/oauth/mcp/authorize')],
    });
    const engine = await engineFor(hostile);
    const started = Date.now();
    await expect(
      engine.signIn({ openUrl: autoConsent(fetch, { timeoutMs: 1000 }) }),
    ).rejects.toThrow(/did not answer within 1 s \(GET \/v1\/oauth\/mcp\/authorize\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a new sign-in cancels the waiting one, reuses its loopback port, and succeeds', async () => {
    hostile = await startHostileServer();
    const engine = await engineFor(hostile);
    const opened: string[] = [];
    const first = engine.signIn({ openUrl: (url) => void opened.push(url) }).then(
      () => 'signed in',
      (e: unknown) => (e as Error).message,
    );
    await vi.waitFor(() => expect(opened).toHaveLength(1), { timeout: 5000 });
    const started = Date.now();
    await engine.signIn({ openUrl: autoConsent() });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await first).toMatch(/cancelled|replaced/i);
    expect(engine.snapshot.level).toBe('ok');
    // The second attempt bound the port the first one registered: no second registration.
    expect(hostile.simulator.stats().registrations).toBe(1);
  });
});

describe('the loopback callback', () => {
  it('answers a callback with the wrong state "not for this sign-in" (400) and keeps waiting', async () => {
    hostile = await startHostileServer();
    const engine = await engineFor(hostile);
    const opened: string[] = [];
    const signedIn = engine.signIn({ openUrl: (url) => void opened.push(url) });
    signedIn.catch(() => undefined);
    await vi.waitFor(() => expect(opened).toHaveLength(1), { timeout: 5000 });
    const redirectUri = new URL(opened[0]!).searchParams.get('redirect_uri')!;

    for (const query of ['code=evil&state=wrong', 'error=access_denied', 'code=evil']) {
      const stray = await fetch(`${redirectUri}?${query}`);
      expect(stray.status).toBe(400);
      expect(await stray.text()).toMatch(/not for this sign-in/i);
    }
    // The real consent still completes the sign-in.
    await autoConsent()(opened[0]!);
    await signedIn;
    expect(engine.snapshot.token.state).toBe('signed_in');
  });
});

describe('plain http off this computer', () => {
  /** Rewrites one field of the authorization-server metadata. */
  function metadataNaming(field: string, value: string): HostileRule {
    return async (req, res) => {
      if (req.path !== AS_METADATA) return false;
      const upstream = await fetch(`${hostile!.simulator.origin}${AS_METADATA}`);
      const metadata = (await upstream.json()) as Record<string, unknown>;
      const rewritten = JSON.stringify(metadata)
        .split(hostile!.simulator.origin)
        .join(hostile!.origin);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...(JSON.parse(rewritten) as object), [field]: value }));
      return true;
    };
  }

  function recordFetches(): string[] {
    const urls: string[] = [];
    const original = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return original(input, init);
    });
    return urls;
  }

  it.each([
    ['registration_endpoint', 'http://register.example.invalid/register'],
    ['token_endpoint', 'http://token.example.invalid/token'],
  ])(
    'metadata naming an http:// %s is refused before anything is sent there',
    async (field, url) => {
      hostile = await startHostileServer({ rules: [metadataNaming(field, url)] });
      const engine = await engineFor(hostile);
      const fetched = recordFetches();
      await expect(engine.signIn({ openUrl: autoConsent() })).rejects.toThrow(
        /must use https; the server named http:\/\/\w+\.example\.invalid/,
      );
      expect(fetched.filter((u) => u.includes('example.invalid'))).toEqual([]);
      // Refused at discovery: no registration was sent anywhere, nor any token request.
      expect(hostile.seen.filter((line) => line.startsWith('POST /v1/oauth'))).toEqual([]);
      const snapshot = await engine.checkNow();
      expect(ids(snapshot)).toContain('discovery_failed');
    },
  );

  it('protected-resource metadata naming an http:// authorization server is refused before it is fetched', async () => {
    hostile = await startHostileServer({
      rules: [
        (req, res) => {
          if (!req.path.startsWith('/.well-known/oauth-protected-resource')) return false;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              resource: hostile!.url,
              authorization_servers: ['http://auth.example.invalid'],
              scopes_supported: ['mcp:read'],
            }),
          );
          return true;
        },
      ],
    });
    const engine = await engineFor(hostile);
    const fetched = recordFetches();
    await expect(engine.signIn({ openUrl: autoConsent() })).rejects.toThrow(
      /must use https; the server named http:\/\/auth\.example\.invalid/,
    );
    expect(fetched.filter((u) => u.includes('example.invalid'))).toEqual([]);
  });

  it('an http:// MCP address off this computer is refused before any request', async () => {
    hostile = await startHostileServer();
    const dir = await mkdtemp(join(tmpdir(), 'hostile-auth-'));
    const engine = createEngine({
      serverUrl: 'http://mcp.example.invalid/v1/api/mcp',
      tokenStore: new MemoryTokenStore(),
      stateDir: dir,
      callTimeoutMs: 1000,
      timing: FAST,
      nt8ProcessCheck: async () => 'unknown',
    });
    cleanups.push(async () => {
      await engine.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const fetched = recordFetches();
    await expect(engine.signIn({ openUrl: autoConsent() })).rejects.toThrow(
      /must use https; the server named http:\/\/mcp\.example\.invalid/,
    );
    expect(fetched).toEqual([]);
  });
});

describe('a token response missing a field', () => {
  it('is one readable sentence naming the field, not a zod issue list', async () => {
    hostile = await startHostileServer({
      rules: [
        (req, res) => {
          if (!isCodeExchange(req)) return false;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ access_token: 'at-123456789012345678901234', expires_in: 60 }));
          return true;
        },
      ],
    });
    const engine = await engineFor(hostile);
    const error = await engine.signIn({ openUrl: autoConsent() }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe(
      "CrossTrade's sign-in server sent a token response without token_type.",
    );
    // The next check reports it as a sign-in setup failure, in the same words.
    const snapshot = await engine.checkNow();
    expect(ids(snapshot)).toContain('discovery_failed');
    expect(JSON.stringify(snapshot.problems)).toContain('token response without token_type');
  });
});
