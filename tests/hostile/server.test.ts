// The hostile proxy itself: forwards what no rule claims, so a full check through it is healthy,
// and a rule really replaces the exchange it claims.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { createEngine } from '../../electron/monitor/engine';
import { rpcResult, startHostileServer, type HostileServer } from './server';

let hostile: HostileServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await hostile?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  hostile = undefined;
  dir = undefined;
});

async function checkThrough(server: HostileServer) {
  dir = await mkdtemp(join(tmpdir(), 'hostile-'));
  const engine = createEngine({
    serverUrl: server.url,
    tokenStore: new MemoryTokenStore(),
    stateDir: dir,
    nt8ProcessCheck: async () => 'unknown',
  });
  try {
    await engine.signIn({ openUrl: autoConsent() });
    return await engine.checkNow();
  } finally {
    await engine.stop();
  }
}

describe('hostile server', () => {
  it('passes everything through to the simulator when no rule claims it', async () => {
    hostile = await startHostileServer();
    const snapshot = await checkThrough(hostile);
    expect(snapshot.level).toBe('ok');
    expect(hostile.seen).toContain('POST /v1/api/mcp');
    expect(hostile.seen.some((line) => line.includes('/.well-known/'))).toBe(true);
  });

  it('lets a rule answer one tool call in the simulator’s place', async () => {
    hostile = await startHostileServer({
      rules: [
        (req, res) => {
          if (req.toolName !== 'GetMcpCapabilities') return false;
          rpcResult(req, res, { content: [{ type: 'text', text: 'not json' }] });
          return true;
        },
      ],
    });
    const snapshot = await checkThrough(hostile);
    expect(snapshot.problems.map((p) => p.id)).toContain('malformed_response');
  });
});
