// `doctor serve` as a real process against the simulator: the HTTP side answers, a problem on the
// simulator shows in /metrics, and SIGTERM ends it with exit 0 and no MCP session left open.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';
import { PROBLEM_IDS } from '../../shared/health';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let sim: Simulator;
let stateDir: string;
beforeAll(async () => {
  sim = await startSimulator();
  stateDir = await mkdtemp(join(tmpdir(), 'serve-test-'));
});
afterAll(async () => {
  await sim.close();
  await rm(stateDir, { recursive: true, force: true });
});

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('doctor serve', () => {
  it('serves /metrics, /healthz and /status, and exits 0 on SIGTERM with no session open', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/doctor.ts',
        'serve',
        '--url',
        sim.url,
        '--auto-consent',
        '--state-dir',
        stateDir,
        '--listen',
        '127.0.0.1:0',
        '--interval',
        '0.5',
        '--label',
        'vps-2',
      ],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      const port = await until('the listening line', async () => {
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
        return m ? Number(m[1]) : undefined;
      });
      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('crosstrade_mcp_up{label="vps-2"} 1');
      expect(metrics).toContain('crosstrade_mcp_level{label="vps-2"} 0');
      for (const id of PROBLEM_IDS) {
        expect(metrics).toContain(`crosstrade_mcp_problem{id="${id}",label="vps-2"} 0`);
      }
      expect(metrics).toMatch(
        /crosstrade_mcp_addon_info\{addon_version="1\.13\.0",nt8_version="8\.1\.6\.3",label="vps-2"\} 1/,
      );
      expect(metrics).toMatch(
        /crosstrade_mcp_token_expiry_timestamp_seconds\{label="vps-2"\} \d{10}/,
      );
      expect(metrics).toMatch(/crosstrade_mcp_check_duration_seconds_count\{label="vps-2"\} [1-9]/);
      expect(metrics).toContain('process_resident_memory_bytes');

      const status = (await (await fetch(`${base}/status`)).json()) as Record<string, unknown>;
      expect(status).toMatchObject({ level: 'ok', problems: [], label: 'vps-2' });

      // The scheduler keeps checking: a disconnected add-on shows up without a restart.
      sim.setScenario('addon_disconnected');
      await until('addon_disconnected in /metrics', async () => {
        const text = await (await fetch(`${base}/metrics`)).text();
        return text.includes('crosstrade_mcp_problem{id="addon_disconnected",label="vps-2"} 1')
          ? true
          : undefined;
      });
      expect(await (await fetch(`${base}/nope`)).text()).toContain('/metrics');
      expect(sim.stats().openSessions).toBeGreaterThan(0);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(sim.stats().openSessions).toBe(0);
      expect(stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    } finally {
      sim.setScenario('healthy');
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 40_000);

  it('warns before listening beyond this computer, and refuses a bad --listen', async () => {
    const { parseDoctorArgs } = await import('../../cli/args');
    const wide = parseDoctorArgs(['serve', '--demo', '--listen', '0.0.0.0:9464']);
    expect(wide.listen).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(wide.listenWarning).toMatch(/other computers can read/);
    const local = parseDoctorArgs(['serve', '--demo']);
    expect(local.listen).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(local.listenWarning).toBeUndefined();
    expect(() => parseDoctorArgs(['serve', '--demo', '--listen', '9464'])).toThrow(/HOST:PORT/);
    expect(() => parseDoctorArgs(['--demo', '--listen', '127.0.0.1:1'])).toThrow(
      /--listen only works with "serve"/,
    );
    expect(() => parseDoctorArgs(['serve', '--demo', '--label', 'a b'])).toThrow(/--label/);
  });
});
