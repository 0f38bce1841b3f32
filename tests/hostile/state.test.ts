// The saved sign-in against a hostile token endpoint and a tampered state file: absurd lifetimes
// and dates never break a check, oversized tokens are refused before they are kept or sent.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { FileTokenStore } from '../../electron/monitor/auth/file-token-store';
import type { StoredAuth } from '../../electron/monitor/engine-types';
import type { HostileRule, HostileServer } from './server';
import { tamperTokens, useHostileWorld } from './world';

const YEAR_MS = 365 * 24 * 3600_000;

const world = useHostileWorld('hostile-state-');

/** An engine that keeps its sign-in in auth.json, as doctor does, and collects its log. */
async function engineOn(server: HostileServer, logs: string[] = []) {
  const file = join(await world.dir(), 'auth.json');
  const engine = await world.engine(server, {
    tokenStore: new FileTokenStore(file),
    signIn: false,
    log: (level, message) => logs.push(`${level} ${message}`),
  });
  return { engine, file };
}

async function saved(file: string): Promise<StoredAuth> {
  return JSON.parse(await readFile(file, 'utf8')) as StoredAuth;
}

describe('absurd token lifetimes', () => {
  it('expires_in 1e16 from the token endpoint: checks stay ok, now and after a restart', async () => {
    const hostile = await world.start();
    const server = hostile;
    hostile.rules = [
      tamperTokens(
        () => server,
        (body) => (body.expires_in = 1e16),
      ),
    ];
    const first = await engineOn(hostile);
    await first.engine.signIn({ openUrl: autoConsent() });
    const snapshot = await first.engine.checkNow();
    expect(snapshot.level).toBe('ok');
    expect(snapshot.token.state).toBe('signed_in');
    const expiresAt = Date.parse(snapshot.token.accessExpiresAt ?? '');
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + YEAR_MS + 60_000);
    await first.engine.stop();

    const again = await engineOn(hostile);
    const later = await again.engine.checkNow();
    expect(later.level).toBe('ok');
    expect(later.token.state).toBe('signed_in');
  });

  it.each([
    ['a year-275760 save time', { tokensSavedAt: '+275760-09-13T00:00:00.000Z' }, undefined],
    ['a lifetime of 1e16 s in the file', {}, 1e16],
    ['a garbage save time and lifetime', { tokensSavedAt: 'yesterday-ish' }, 'forever'],
    ['a negative lifetime', {}, -5],
  ])('a saved state with %s loads and checks ok', async (_name, patch, expiresIn) => {
    const hostile = await world.start();
    const first = await engineOn(hostile);
    await first.engine.signIn({ openUrl: autoConsent() });
    await first.engine.stop();
    const state = await saved(first.file);
    const tokens = state.tokens as Record<string, unknown>;
    if (expiresIn !== undefined) tokens.expires_in = expiresIn;
    await writeFile(first.file, JSON.stringify({ ...state, ...patch }));

    const logs: string[] = [];
    const again = await engineOn(hostile, logs);
    const snapshot = await again.engine.checkNow();
    expect(snapshot.level, logs.join('\n')).toBe('ok');
    expect(snapshot.token.state).toBe('signed_in');
    // An expiry that cannot be trusted reads as due (the next 401 refreshes), never as an error.
    const expiresAt = Date.parse(snapshot.token.accessExpiresAt ?? '');
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + YEAR_MS);
    expect(logs.join('\n')).not.toMatch(/Invalid time value|failed unexpectedly/);
  });
});

describe('oversized tokens', () => {
  it('a 512 KB access token fails the sign-in with the size and the limit; never saved nor sent', async () => {
    const hostile = await world.start();
    const server = hostile;
    let longestBearer = 0;
    const measure: HostileRule = (req) => {
      const header = req.headers.authorization ?? '';
      longestBearer = Math.max(longestBearer, header.length);
      return false;
    };
    hostile.rules = [
      measure,
      tamperTokens(
        () => server,
        // Under the 1 MB cap on every answer, so the token's own limit is what refuses it.
        (body) => (body.access_token = 'x'.repeat(512 * 1024)),
      ),
    ];
    const { engine, file } = await engineOn(hostile);
    await expect(engine.signIn({ openUrl: autoConsent() })).rejects.toThrow(
      "CrossTrade's sign-in server sent a 512 KB access token; the limit is 8 KB.",
    );
    const state = await saved(file).catch(() => ({}) as StoredAuth);
    expect(state.tokens).toBeUndefined();

    // The next check says why the sign-in failed, and still sends no token.
    const snapshot = await engine.checkNow();
    const problem = snapshot.problems.find((p) => p.id === 'discovery_failed');
    expect(problem?.cause).toContain('512 KB access token; the limit is 8 KB');
    expect(snapshot.token.state).toBe('signed_out');
    expect(longestBearer).toBeLessThan(8 * 1024);
  });
});
