// One server message must never freeze the monitor: error texts built to make redaction
// backtrack (a long run of capitals, of e-mail characters) come back as a verdict in moments.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import { startHostileServer, type HostileServer } from './server';

let hostile: HostileServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await hostile?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  hostile = undefined;
  dir = undefined;
});

describe('error texts that made redaction backtrack', () => {
  it.each([
    ['a run of capitals', `Upstream said ${'X'.repeat(5_000)}`],
    ['a run of e-mail characters', `bad ${'a'.repeat(200_000)}`],
    ['a run of JWT-like pieces', `oops ${'eyJ-'.repeat(20_000)}`],
  ])('a 500 carrying %s is a server_error within seconds', async (_what, body) => {
    hostile = await startHostileServer();
    dir = await mkdtemp(join(tmpdir(), 'redos-'));
    const engine = createEngine({
      serverUrl: hostile.url,
      tokenStore: new MemoryTokenStore(),
      stateDir: dir,
      nt8ProcessCheck: async () => 'unknown',
    });
    try {
      await engine.signIn({ openUrl: autoConsent() });
      hostile.rules = [
        (req, res) => {
          if (req.toolName !== 'GetMcpCapabilities') return false;
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(body);
          return true;
        },
      ];
      const started = performance.now();
      const snapshot = await engine.checkNow();
      // Before redaction was made linear this did not finish at all.
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(snapshot.problems.map((p) => p.id)).toContain('server_error');
      expect(snapshot.problems[0]?.cause.length).toBeLessThan(2_000);
    } finally {
      await engine.stop();
    }
  });
});
