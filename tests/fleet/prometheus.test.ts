// A real Prometheus scrapes doctor serve, which checks the simulator: what a fleet's dashboards
// and alerts would read through Prometheus' own HTTP API.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';
import { runDoctor } from '../../cli/doctor';

let sim: Simulator;
let dir: string;
let prometheus: ChildProcess | undefined;
let prometheusLog = '';
let promUrl: string;
const stop = new AbortController();
let doctorDone: Promise<number> | undefined;
let doctorErr = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) {
      throw new Error(
        `timed out waiting for ${what}\ndoctor:\n${doctorErr}\nprometheus:\n${prometheusLog.slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The value Prometheus has for the query now, or undefined when it has no sample. */
async function query(q: string): Promise<string | undefined> {
  const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = (await res.json()) as {
    status: string;
    data: { result: { value: [number, string] }[] };
  };
  if (body.status !== 'success') throw new Error(`query failed: ${JSON.stringify(body)}`);
  return body.data.result[0]?.value[1];
}

beforeAll(async () => {
  const found = spawnSync('prometheus', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'The prometheus binary is not installed: install Debian\'s "prometheus" package ' +
        '(apt-get install -y prometheus; .ci/run does this) to run this test.',
    );
  }
  sim = await startSimulator();
  dir = await mkdtemp(join(tmpdir(), 'prometheus-test-'));

  let servePort: number | undefined;
  doctorDone = runDoctor(
    [
      'serve',
      '--url',
      sim.url,
      '--auto-consent',
      '--state-dir',
      join(dir, 'state'),
      '--listen',
      '127.0.0.1:0',
      '--interval',
      '0.5',
      '--label',
      'ci',
    ],
    {
      stdout: () => undefined,
      stderr: (t) => {
        doctorErr += `${t}\n`;
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(t);
        if (m) servePort = Number(m[1]);
      },
      isTTY: false,
      env: {},
      signal: stop.signal,
    },
    { nt8ProcessCheck: async () => 'unknown' },
  );
  const target = await until('doctor serve to listen', async () => servePort, 15_000);

  const promPort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: crosstrade-mcp',
      '    scrape_interval: 1s',
      '    scrape_timeout: 1s',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${target}']`,
      '',
    ].join('\n'),
  );
  prometheus = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  prometheus.stdout?.on('data', (c: Buffer) => (prometheusLog += c.toString()));
  prometheus.stderr?.on('data', (c: Buffer) => (prometheusLog += c.toString()));
  await until(
    'prometheus to be ready',
    async () => ((await fetch(`${promUrl}/-/ready`)).ok ? true : undefined),
    20_000,
  );
}, 45_000);

afterAll(async () => {
  prometheus?.kill('SIGTERM');
  if (prometheus && prometheus.exitCode === null) {
    await new Promise((resolve) => prometheus?.once('close', resolve));
  }
  stop.abort();
  await doctorDone;
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Prometheus scraping doctor serve', () => {
  it('reads addon_disconnected as 1 while the add-on is off, and 0 once it is back', async () => {
    const q = 'crosstrade_mcp_problem{id="addon_disconnected"}';
    expect(await until('the first scrape', () => query(q), 15_000)).toBe('0');
    expect(await query('crosstrade_mcp_up{label="ci"}')).toBe('1');

    sim.setScenario('addon_disconnected');
    await until(
      'addon_disconnected == 1',
      async () => ((await query(q)) === '1' ? true : undefined),
      15_000,
    );
    expect(await query('crosstrade_mcp_level')).toBe('2');

    sim.setScenario('healthy');
    await until(
      'addon_disconnected == 0',
      async () => ((await query(q)) === '0' ? true : undefined),
      15_000,
    );
    expect(await query('crosstrade_mcp_up')).toBe('1');
    expect(Number(await query('crosstrade_mcp_checks_total{result="error"}'))).toBeGreaterThan(0);
  }, 40_000);
});
