// `doctor`: in-process for the many paths, and as a real process for the
// acceptance commands (`--demo`, `--url … --auto-consent --json`, refusals, usage errors).
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScenario, startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';
import { autoConsent } from '../../electron/monitor/auth/auto-consent';
import { runDoctor } from '../../cli/doctor';
import type { DoctorDeps, DoctorIO } from '../../cli/doctor';
import { CME_GLOBEX } from '../../shared/trading-hours';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ANSI = new RegExp(String.fromCharCode(27) + '\\[');
const JSON_KEYS = ['level', 'problems', 'capabilities', 'token', 'checkedAt', 'latencyMs'];

const deps: DoctorDeps = {
  startDemo: (scenario) =>
    startSimulator(scenario ? { scenario: parseScenario(scenario).name } : {}),
  nt8ProcessCheck: async () => 'unknown',
};

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function doctor(
  args: string[],
  io: Partial<DoctorIO> = {},
  extra: DoctorDeps = {},
): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor(
    args,
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env: {}, ...io },
    { ...deps, ...extra },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

let sim: Simulator;
let stateDir: string;
beforeAll(async () => {
  sim = await startSimulator();
  stateDir = await mkdtemp(join(tmpdir(), 'doctor-test-'));
});
afterAll(async () => {
  await sim.close();
  await rm(stateDir, { recursive: true, force: true });
});

describe('doctor --demo', () => {
  it('checks the in-process simulator: a green verdict, sign-in and capabilities, exit 0', async () => {
    const run = await doctor(['--demo']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^● OK {2}All checks passed/);
    // Honest about its reach, and where to go when an agent still fails.
    expect(run.stdout).toContain(
      "The monitor's read-only check works: CrossTrade, your subscription and the add-on answer.",
    );
    expect(run.stdout).toContain('npm run doctor -- explain');
    expect(run.stdout).toMatch(
      /Sign-in\s+signed in · mcp:read · access expires in \d+ min · refresh token present/,
    );
    expect(run.stdout).toMatch(/Add-on\s+add-on v1\.13\.0 · NinjaTrader 8\.1\.6\.3/);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('lists the problems with their checklists and exits 2 on error', async () => {
    const run = await doctor(['--demo', '--scenario', 'addon_disconnected']);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^● ERROR {2}The CrossTrade Add-On is disconnected/);
    expect(run.stdout).toContain('[addon_disconnected]');
    expect(run.stdout).toMatch(/Seen: .*addon/);
    expect(run.stdout).toMatch(/\n {2}1\. .+\n {2}2\. /);
  });

  it('exits 1 on a warning', async () => {
    expect((await doctor(['--demo', '--scenario', 'broker_down'])).code).toBe(1);
  });

  it('colours the verdict on a terminal, unless NO_COLOR or --no-color', async () => {
    expect((await doctor(['--demo'], { isTTY: true })).stdout).toMatch(ANSI);
    expect((await doctor(['--demo'], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(
      ANSI,
    );
    expect((await doctor(['--demo', '--no-color'], { isTTY: true })).stdout).not.toMatch(ANSI);
  });

  it('--json prints one JSON object per check with the contract keys', async () => {
    const run = await doctor(['--demo', '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(JSON_KEYS));
    expect(parsed).toMatchObject({
      level: 'ok',
      problems: [],
      token: { state: 'signed_in', scope: 'mcp:read' },
    });
  });

  it('--report prints the redacted support report', async () => {
    const text = await doctor(['--demo', '--report']);
    expect(text.stdout).toMatch(/^CrossTrade MCP Monitor: support report/);
    expect(text.stdout).not.toContain('Sim101');
    const json = await doctor(['--demo', '--report', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      level: 'ok',
      client: { name: 'CrossTrade MCP Monitor' },
    });
  });

  it('--watch prints one line per check and stops after --count', async () => {
    const run = await doctor(['--demo', '--watch', '--count', '3', '--interval', '0.25']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^\d\d:\d\d:\d\d {2}● OK\s+\d+ ms {2}healthy$/);
  });

  it('--watch keeps to trading hours: outside them an add-on drop is a grey "market closed"', async () => {
    const closed = { ...CME_GLOBEX, days: CME_GLOBEX.days.map(() => []) };
    const args = ['--demo', '--scenario', 'addon_disconnected', '--watch', '--count', '2'];
    const quiet = await doctor([...args, '--interval', '0.25'], {}, { tradingHours: closed });
    expect(quiet.code).toBe(3);
    const lines = quiet.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/● UNKNOWN\s+\d+ ms {2}market_closed$/);

    const loud = await doctor(
      [...args, '--interval', '0.25', '--trading-hours', 'off'],
      {},
      { tradingHours: closed },
    );
    expect(loud.code).toBe(2);
    expect(loud.stdout).toContain('addon_disconnected');
  });

  it('--nt8 remote: an add-on drop never blames NinjaTrader on this computer', async () => {
    const run = await doctor(
      ['--demo', '--scenario', 'addon_disconnected', '--nt8', 'remote'],
      {},
      { nt8ProcessCheck: async () => 'not_running' },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('On your VPS: open NinjaTrader 8 and log in.');
    expect(run.stdout).toContain('runs on another computer');
    expect(run.stdout).not.toContain('NinjaTrader 8 is not running');
  });

  it('--watch ends on Ctrl-C (the abort signal)', async () => {
    const interrupt = new AbortController();
    const lines: string[] = [];
    const code = await runDoctor(
      ['--demo', '--watch', '--interval', '0.25'],
      {
        stdout: (t) => {
          lines.push(t);
          if (lines.length === 2) interrupt.abort();
        },
        stderr: () => undefined,
        isTTY: false,
        env: {},
        signal: interrupt.signal,
      },
      deps,
    );
    expect(code).toBe(0);
    expect(lines).toHaveLength(2);
  });
});

describe('doctor --url', () => {
  it('signed out: unknown (exit 3) and a hint to log in, without any browser', async () => {
    let opened = 0;
    const run = await doctor(['--url', sim.url, '--state-dir', stateDir], {
      openUrl: () => void opened++,
    });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^● UNKNOWN {2}Not signed in to CrossTrade/);
    expect(run.stderr).toContain(`npm run doctor -- login --url ${sim.url}`);
    expect(opened).toBe(0);
  });

  it('--auto-consent signs in and keeps the sign-in in an owner-only file for later runs', async () => {
    const first = await doctor([
      '--url',
      sim.url,
      '--auto-consent',
      '--json',
      '--state-dir',
      stateDir,
    ]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ level: 'ok' });
    const second = await doctor(['--url', sim.url, '--json', '--state-dir', stateDir]);
    expect(second.code).toBe(0);
    const servers = await readdir(join(stateDir, 'servers'));
    expect(servers).toHaveLength(1);
    const auth = join(stateDir, 'servers', servers[0] ?? '', 'auth.json');
    expect((await stat(auth)).mode & 0o777).toBe(0o600);
  });

  it('login opens the authorization URL; logout revokes and forgets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'doctor-login-'));
    try {
      const urls: string[] = [];
      const consent = autoConsent();
      const login = await doctor(['login', '--url', sim.url, '--state-dir', dir], {
        openUrl: async (url) => {
          urls.push(url);
          await consent(url);
        },
      });
      expect(login.code).toBe(0);
      expect(urls).toHaveLength(1);
      expect(new URL(urls[0] ?? '').searchParams.get('scope')).toBe('mcp:read');
      expect(login.stderr).toContain(urls[0]);
      const logout = await doctor(['logout', '--url', sim.url, '--state-dir', dir]);
      expect(logout.code).toBe(0);
      expect(logout.stdout).toMatch(/Signed out/);
      expect((await doctor(['--url', sim.url, '--state-dir', dir])).code).toBe(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a failed sign-in is one readable line, never a stack trace', async () => {
    const run = await doctor(
      ['login', '--url', sim.url, '--state-dir', stateDir, '--timeout', '500'],
      {
        openUrl: () => {
          throw new Error('no browser here');
        },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/doctor: sign-in failed: no browser here/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('usage errors exit 64 with a message naming the problem', () => {
  it.each([
    [['--url', 'not a url'], /Bad --url: "not a url" is not a URL/],
    [['--url', 'ftp://app.crosstrade.io/v1/api/mcp'], /must start with https/],
    [
      ['--url', 'https://app.crosstrade.io/v1/api/mcp', '--auto-consent'],
      /--auto-consent only works with a server on this computer/,
    ],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['fix-it'], /Unknown command "fix-it"/],
    [['--scenario', 'broker_down'], /--scenario only works with --demo/],
    [['--demo', '--url', 'http://127.0.0.1:1/v1/api/mcp'], /leave out --url/],
    [['--count', 'many'], /--count needs a positive number/],
    [
      ['--url', 'https://app.crosstrade.io/v1/api/mcp', '--watch', '--interval', '1'],
      /at least 10 seconds/,
    ],
    [['--demo', '--scenario', 'no_such_thing'], /unknown scenario/],
    [['--demo', '--nt8', 'vps'], /--nt8 needs auto, local, remote \(got "vps"\)/],
    [['--demo', '--trading-hours', 'maybe'], /--trading-hours needs on or off/],
  ])('%j', async (args, message) => {
    const extra: DoctorDeps = {
      startDemo: async (scenario) => {
        try {
          return await deps.startDemo!(scenario);
        } catch (error) {
          const { UsageError } = await import('../../cli/args');
          throw new UsageError(String(error));
        }
      },
    };
    const run = await doctor(args, {}, extra);
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await doctor(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm run doctor/);
    expect(run.stdout).toContain('Exit status: 0 ok, 1 warning, 2 error, 3 unknown');
  });

  it('an unexpected failure is one line and exit 2', async () => {
    const run = await doctor(
      ['--demo'],
      {},
      { startDemo: () => Promise.reject(new Error('port exhausted')) },
    );
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'doctor: port exhausted' });
  });
});

describe('doctor clients', () => {
  it('runs the AI-client audit once it is wired, and says so while it is not', async () => {
    expect((await doctor(['clients'])).code).toBe(64);
    const run = await doctor(
      ['clients', '--json'],
      {},
      { subcommands: { clients: async () => 7 } },
    );
    expect(run.code).toBe(7);
  });
});

describe('as a real process (npm run doctor)', () => {
  function spawnDoctor(args: string[]): Promise<Captured> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bin/doctor.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  it(
    '--demo, --url … --auto-consent --json, --watch and the refusals, with the documented exit codes',
    { timeout: 40_000 },
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'doctor-process-'));
      try {
        const [demo, json, remote, malformed, watch, clients] = await Promise.all([
          spawnDoctor(['--demo']),
          spawnDoctor(['--url', sim.url, '--auto-consent', '--json', '--state-dir', dir]),
          spawnDoctor(['--url', 'https://app.crosstrade.io/v1/api/mcp', '--auto-consent']),
          spawnDoctor(['--url', 'app.crosstrade.io/v1/api/mcp']),
          // The engine's timers never hold a process open: --watch must, until --count.
          spawnDoctor([
            ...['--url', sim.url, '--auto-consent', '--watch', '--count', '3'],
            ...['--interval', '0.25', '--state-dir', join(dir, 'watch')],
          ]),
          spawnDoctor(['clients', '--json', '--home', 'tests/fixtures/homes/linux']),
        ]);
        expect(demo.code, demo.stderr).toBe(0);
        expect(demo.stdout).toMatch(/^● OK/);
        expect(json.code, json.stderr).toBe(0);
        expect(Object.keys(JSON.parse(json.stdout) as object)).toEqual(
          expect.arrayContaining(JSON_KEYS),
        );
        expect(remote.code).toBe(64);
        expect(remote.stderr).toMatch(/--auto-consent only works with a server on this computer/);
        expect(malformed.code).toBe(64);
        expect(malformed.stderr).toMatch(
          /Bad --url: "app\.crosstrade\.io\/v1\/api\/mcp" is not a URL/,
        );
        expect(clients.code, clients.stderr).toBe(1);
        const audit = JSON.parse(clients.stdout) as { level: string; findings: unknown[] };
        expect(audit.level).toBe('warning');
        expect(audit.findings.length).toBeGreaterThan(0);
        expect(watch.code, watch.stderr).toBe(0);
        expect(watch.stdout.trim().split('\n')).toHaveLength(3);
        for (const run of [demo, json, remote, malformed, watch, clients]) {
          expect(run.stderr).not.toMatch(/\n\s+at /);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
