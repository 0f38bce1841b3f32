// A server that grants more than the monitor asked for: the monitor asks for mcp:read only, so a
// token that can trade is a warning the trader sees, not something kept silently.
import { describe, expect, it } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { tamperTokens, useHostileWorld } from './world';

const world = useHostileWorld('scope-');

describe('a grant broader than mcp:read', () => {
  it.each(['mcp:read mcp:trade', 'mcp:trade'])(
    'shows scope_too_broad when CrossTrade grants "%s"',
    async (scope) => {
      const hostile = await world.start();
      hostile.rules = [
        tamperTokens(
          () => hostile,
          (tokens) => (tokens.scope = scope),
        ),
      ];
      const snapshot = await (await world.engine(hostile)).checkNow();
      expect(snapshot.token.scope).toBe(scope);
      expect(snapshot.problems.map((p) => p.id)).toEqual(['scope_too_broad']);
      expect(snapshot.level).toBe('warning');
    },
  );

  it('signing in again revokes the trading grant first, and the new one is read-only', async () => {
    const hostile = await world.start();
    hostile.rules = [
      tamperTokens(
        () => hostile,
        (tokens) => (tokens.scope = 'mcp:read mcp:trade'),
      ),
    ];
    const engine = await world.engine(hostile);
    expect((await engine.checkNow()).problems.map((p) => p.id)).toEqual(['scope_too_broad']);

    // The server behaves again; the checklist's first step is "Sign in again".
    hostile.rules = [];
    const revocations = () => hostile.seen.filter((line) => line.endsWith('/revoke')).length;
    const before = revocations();
    await engine.signIn({ openUrl: autoConsent() });
    expect(revocations()).toBeGreaterThan(before);
    const snapshot = await engine.checkNow();
    expect(snapshot.token.scope).toBe('mcp:read');
    expect(snapshot.level).toBe('ok');
  });
});
