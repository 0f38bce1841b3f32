// A server that grants more than the monitor asked for: the monitor asks for mcp:read only, so a
// token that can trade is a warning the trader sees, not something kept silently.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import { startHostileServer, type HostileRule, type HostileServer } from './server';

let hostile: HostileServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await hostile?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  hostile = undefined;
  dir = undefined;
});

/** Lets the real token endpoint answer, then widens the scope it reports. */
function grantScope(server: HostileServer, scope: string): HostileRule {
  return async (req, res) => {
    if (!req.path.endsWith('/token')) return false;
    const answer = await server.upstream(req);
    const tokens = JSON.parse(answer.body) as Record<string, unknown>;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...tokens, scope }));
    return true;
  };
}

describe('a grant broader than mcp:read', () => {
  it.each(['mcp:read mcp:trade', 'mcp:trade'])(
    'shows scope_too_broad when CrossTrade grants "%s"',
    async (scope) => {
      hostile = await startHostileServer();
      hostile.rules = [grantScope(hostile, scope)];
      dir = await mkdtemp(join(tmpdir(), 'scope-'));
      const engine = createEngine({
        serverUrl: hostile.url,
        tokenStore: new MemoryTokenStore(),
        stateDir: dir,
        nt8ProcessCheck: async () => 'unknown',
      });
      try {
        await engine.signIn({ openUrl: autoConsent() });
        const snapshot = await engine.checkNow();
        expect(snapshot.token.scope).toBe(scope);
        expect(snapshot.problems.map((p) => p.id)).toEqual(['scope_too_broad']);
        expect(snapshot.level).toBe('warning');
      } finally {
        await engine.stop();
      }
    },
  );

  it('signing in again revokes the trading grant first, and the new one is read-only', async () => {
    hostile = await startHostileServer();
    hostile.rules = [grantScope(hostile, 'mcp:read mcp:trade')];
    dir = await mkdtemp(join(tmpdir(), 'scope-'));
    const engine = createEngine({
      serverUrl: hostile.url,
      tokenStore: new MemoryTokenStore(),
      stateDir: dir,
      nt8ProcessCheck: async () => 'unknown',
    });
    try {
      await engine.signIn({ openUrl: autoConsent() });
      expect((await engine.checkNow()).problems.map((p) => p.id)).toEqual(['scope_too_broad']);

      // The server behaves again; the checklist's first step is "Sign in again".
      hostile.rules = [];
      const revocationsBefore = hostile.seen.filter((line) => line.endsWith('/revoke')).length;
      await engine.signIn({ openUrl: autoConsent() });
      const revocations = hostile.seen.filter((line) => line.endsWith('/revoke')).length;
      expect(revocations).toBeGreaterThan(revocationsBefore);
      const snapshot = await engine.checkNow();
      expect(snapshot.token.scope).toBe('mcp:read');
      expect(snapshot.level).toBe('ok');
    } finally {
      await engine.stop();
    }
  });
});
