// The hang probe inside a real check: NinjaTrader's calls time out (a CrossTrade answer through
// the hostile proxy), NinjaTrader runs on this Windows computer, and what Windows says lands in
// the evidence; a probe that never answers holds the check for its 3 s cap and no longer.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Nt8HangEvidence } from '../../shared/health';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { MemoryTokenStore } from '../../electron/monitor/auth/file-token-store';
import { HANG_PROBE_LIMIT_MS } from '../../electron/monitor/check/nt8-hang';
import { createEngine } from '../../electron/monitor/engine';
import type { MonitorEngine } from '../../electron/monitor/engine-types';
import { rpcResult, startHostileServer, type HostileServer } from '../hostile/server';

let hostile: HostileServer | undefined;
let engine: MonitorEngine | undefined;
let dir: string | undefined;
afterEach(async () => {
  await engine?.stop();
  await hostile?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  engine = hostile = dir = undefined;
});

/** Signed in, then every GetMcpCapabilities answers that the add-on call timed out. */
async function hungNt8(
  hangProbe: () => Promise<Nt8HangEvidence | undefined>,
  nt8Location: 'auto' | 'remote' = 'auto',
) {
  hostile = await startHostileServer();
  dir = await mkdtemp(join(tmpdir(), 'hang-'));
  engine = createEngine({
    serverUrl: hostile.url,
    tokenStore: new MemoryTokenStore(),
    stateDir: dir,
    platform: 'win32',
    nt8ProcessCheck: async () => 'running',
    nt8Location,
    hangProbe,
  });
  await engine.signIn({ openUrl: autoConsent() });
  hostile.rules = [
    (req, res) => {
      if (req.toolName !== 'GetMcpCapabilities') return false;
      rpcResult(req, res, {
        isError: true,
        content: [{ type: 'text', text: 'NinjaTrader did not answer: the add-on call timed out.' }],
      });
      return true;
    },
  ];
  return engine;
}

describe('a hung NinjaTrader on this computer', () => {
  it('puts what Windows saw into the evidence: not responding, and the dialog it shows', async () => {
    const probe = vi.fn(async () => ({ responding: false, dialogs: ['Connection lost'] }));
    const snapshot = await (await hungNt8(probe)).checkNow();
    expect(snapshot.problems.map((p) => p.id)).toEqual(['nt8_unresponsive']);
    expect(snapshot.problems[0]?.cause).toContain(
      "Windows says NinjaTrader is not responding; it shows a dialog: 'Connection lost'.",
    );
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('a probe that never answers holds the check for its cap, no longer', async () => {
    const checked = await hungNt8(() => new Promise<undefined>(() => undefined));
    const started = performance.now();
    const snapshot = await checked.checkNow();
    const ms = performance.now() - started;
    expect(snapshot.problems.map((p) => p.id)).toEqual(['nt8_unresponsive']);
    expect(ms).toBeGreaterThanOrEqual(HANG_PROBE_LIMIT_MS - 50);
    // Generous: the cap plus a local check, far from the probe's "never".
    expect(ms).toBeLessThan(HANG_PROBE_LIMIT_MS + 2000);
  });

  it('never asks when NinjaTrader runs on another computer', async () => {
    const probe = vi.fn(async () => ({ responding: false, dialogs: [] }));
    const snapshot = await (await hungNt8(probe, 'remote')).checkNow();
    expect(snapshot.problems.map((p) => p.id)).toEqual(['nt8_unresponsive']);
    expect(snapshot.problems[0]?.steps[0]?.text).toMatch(/^On your VPS:/);
    expect(probe).not.toHaveBeenCalled();
  });
});
