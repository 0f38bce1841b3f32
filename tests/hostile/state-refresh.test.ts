// A refresh the token endpoint botches (a redirect, HTML, broken JSON, 5xx) is the server's fault:
// the check says so and the saved refresh token is kept, so a later run refreshes once the server
// is fixed. Only a refusal of the refresh token itself (invalid_grant) ends the sign-in.
import type { ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { FileTokenStore } from '../../electron/monitor/auth/file-token-store';
import type { StoredAuth } from '../../electron/monitor/engine-types';
import type { HostileServer } from './server';
import { TOKEN_PATH, useHostileWorld } from './world';

const world = useHostileWorld('hostile-refresh-');

/** An engine that keeps its sign-in in `file`, as doctor does. */
function engineOn(server: HostileServer, file: string) {
  return world.engine(server, { tokenStore: new FileTokenStore(file), signIn: false });
}

async function refreshToken(file: string): Promise<unknown> {
  const state = JSON.parse(await readFile(file, 'utf8')) as StoredAuth;
  return (state.tokens as { refresh_token?: unknown } | undefined)?.refresh_token;
}

/** Signs in, then kills the access token so the next check must refresh. */
async function signedInWithDeadAccessToken() {
  const hostile = await world.start();
  const file = join(await world.dir(), 'auth.json');
  const engine = await engineOn(hostile, file);
  await engine.signIn({ openUrl: autoConsent() });
  // refresh_rejected cuts every live access token to 0 s; healthy again keeps them dead.
  hostile.simulator.setScenario('refresh_rejected');
  hostile.simulator.setScenario('healthy');
  return { engine, file, server: hostile };
}

const serverFaults: Array<[string, string, (res: ServerResponse, origin: string) => void, RegExp]> =
  [
    [
      'a redirect',
      'discovery_failed',
      (res, origin) => {
        res.writeHead(302, { location: `${origin}/login` });
        res.end();
      },
      /redirect \(HTTP 302\)/,
    ],
    [
      'an HTML page',
      'discovery_failed',
      (res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Maintenance</body></html>');
      },
      /not a token response/,
    ],
    [
      'invalid JSON',
      'discovery_failed',
      (res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"access_token": ');
      },
      /not a token response/,
    ],
    [
      'an HTML 503',
      'server_error',
      (res) => {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html>Service Unavailable</html>');
      },
      /HTTP 503/,
    ],
  ];

describe('a refresh the token endpoint botches', () => {
  it.each(serverFaults)(
    'the token endpoint answers %s: %s, and the refresh token survives for a later run',
    async (_name, id, answer, evidence) => {
      const { engine, file, server } = await signedInWithDeadAccessToken();
      const before = await refreshToken(file);
      expect(typeof before).toBe('string');
      server.rules = [
        (req, res) => {
          if (req.path !== TOKEN_PATH || !req.body.includes('grant_type=refresh_token')) {
            return false;
          }
          answer(res, server.origin);
          return true;
        },
      ];
      const snapshot = await engine.checkNow();
      const ids = snapshot.problems.map((p) => p.id);
      expect(ids, JSON.stringify(snapshot.problems)).toContain(id);
      expect(ids).not.toContain('token_invalid');
      expect(snapshot.problems.find((p) => p.id === id)?.cause).toMatch(evidence);
      expect(snapshot.token.state).toBe('signed_in');
      await engine.stop();
      expect(await refreshToken(file)).toBe(before);

      // The server is fixed: the next run refreshes with the kept token and is healthy.
      server.rules = [];
      const later = await engineOn(server, file);
      const fixed = await later.checkNow();
      expect(fixed.level, JSON.stringify(fixed.problems)).toBe('ok');
      expect(await refreshToken(file)).not.toBe(before);
    },
  );

  it('invalid_grant from the token endpoint still means the sign-in is gone', async () => {
    const { engine, file, server } = await signedInWithDeadAccessToken();
    server.rules = [
      (req, res) => {
        if (req.path !== TOKEN_PATH || !req.body.includes('grant_type=refresh_token')) {
          return false;
        }
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_grant' }));
        return true;
      },
    ];
    const snapshot = await engine.checkNow();
    expect(snapshot.problems.map((p) => p.id)).toContain('token_invalid');
    await engine.stop();
    expect(await refreshToken(file)).toBeUndefined();
  });
});
