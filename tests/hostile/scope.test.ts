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
});
