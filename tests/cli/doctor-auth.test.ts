// `doctor` and a hostile sign-in: what it hands the operating system's opener, what it echoes,
// and that Ctrl-C / SIGTERM ends it promptly while a refresh or a sign-in is stalled.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browserCommand } from '../../cli/open-browser';
import { runDoctor } from '../../cli/doctor';
import type { DoctorIO } from '../../cli/doctor';
import { startHostileServer } from '../hostile/server';
import type { HostileRequest, HostileRule, HostileServer } from '../hostile/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN_PATH = '/v1/oauth/mcp/token';
const AS_METADATA = '/.well-known/oauth-authorization-server';

let hostile: HostileServer | undefined;
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await hostile?.close();
  hostile = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'doctor-auth-'));
  dirs.push(dir);
  return dir;
}

async function doctor(args: string[], io: Partial<DoctorIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor(
    args,
    { stdout: (t) => out.push(t), stderr: (t) => err.push(t), isTTY: false, env: {}, ...io },
    { nt8ProcessCheck: async () => 'unknown' },
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('the browser command (a pure function: platform + URL → command or refusal)', () => {
  const hostileUrls = [
    'https://auth.example.com/authorize?a=1&b=2|calc.exe',
    'https://auth.example.com/a|b&c^d"e f/authorize?x="1"&y=^2|z',
    'https://auth.example.com/authorize?state=a%20b&redirect_uri=http://127.0.0.1:1/callback',
    'http://127.0.0.1:4000/v1/oauth/mcp/authorize?x=1&y=2|whoami',
  ];

  it.each(['win32', 'darwin', 'linux'] as const)(
    'on %s: one argument, the parsed URL, never a shell',
    (platform) => {
      for (const raw of hostileUrls) {
        const command = browserCommand(platform, raw);
        expect(command.ok).toBe(true);
        if (!command.ok) continue;
        expect(command.command).not.toMatch(/^cmd|powershell|sh$/i);
        const href = new URL(raw).href;
        expect(command.args.at(-1)).toBe(href);
        // Quotes and spaces are percent-encoded in the parsed URL: nothing can split the argument.
        expect(href).not.toMatch(/[\s"]/);
      }
    },
  );

  it('uses rundll32 on Windows, open on macOS, xdg-open elsewhere', () => {
    const url = 'https://app.crosstrade.io/v1/oauth/mcp/authorize?x=1';
    expect(browserCommand('win32', url)).toEqual({
      ok: true,
      command: 'rundll32.exe',
      args: ['url.dll,FileProtocolHandler', url],
    });
    expect(browserCommand('darwin', url)).toEqual({ ok: true, command: 'open', args: [url] });
    expect(browserCommand('linux', url)).toEqual({ ok: true, command: 'xdg-open', args: [url] });
  });

  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'smb://attacker.example/share/payload.exe',
    'ms-msdt:/id PCWDiagnostic /skip force /param "IT_RebrowseForFile=?"',
    'http://auth.example.com/authorize',
    'javascript:alert(1)',
    'https://user:pass@auth.example.com/authorize',
    'not a url',
  ])('refuses %s on every platform', (raw) => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const command = browserCommand(platform, raw);
      expect(command.ok).toBe(false);
    }
  });
});

describe('doctor login with a hostile authorization endpoint', () => {
  it.each([
    'file:///C:/Windows/System32/calc.exe',
    'smb://attacker.example/share/x.exe',
    'ms-msdt:/id PCWDiagnostic',
    'http://auth.example.invalid/authorize',
  ])('never opens or prints %s, and fails in seconds', async (endpoint) => {
    hostile = await startHostileServer({
      rules: [
        async (req, res) => {
          if (req.path !== AS_METADATA) return false;
          const upstream = await fetch(`${hostile!.simulator.origin}${AS_METADATA}`);
          const text = (await upstream.text())
            .split(hostile!.simulator.origin)
            .join(hostile!.origin);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ ...(JSON.parse(text) as object), authorization_endpoint: endpoint }),
          );
          return true;
        },
      ],
    });
    const opened: string[] = [];
    const started = Date.now();
    const run = await doctor(
      ['login', '--url', hostile.url, '--state-dir', await tempDir(), '--timeout', '2000'],
      { openUrl: (url) => void opened.push(url) },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(opened).toEqual([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/must (use|be) https/);
    expect(run.stderr).not.toContain('visit:');
  });
});

describe('the "To sign in, run" hint', () => {
  it('redacts a secret-looking query in --url', async () => {
    hostile = await startHostileServer();
    const secret = 'sk_live_a1b2c3d4e5f6g7h8i9j0';
    const run = await doctor([
      '--url',
      `${hostile.url}?access_token=${secret}&sig=Zx81Qw9Lm2Np7Rt4Vb6Hk3`,
      '--state-dir',
      await tempDir(),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/To sign in, run: npm run doctor -- login --url /);
    expect(run.stderr).toContain('access_token=REDACTED');
    expect(run.stderr).not.toContain(secret);
    expect(run.stderr).not.toContain('Zx81Qw9Lm2Np7Rt4Vb6Hk3');
  });
});

describe('SIGTERM while a sign-in request is stalled (as a real process)', () => {
  function spawnDoctor(args: string[]): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/doctor.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout?.resume();
    child.stderr?.resume();
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    return { child, exited };
  }

  const tokenPosts = (server: HostileServer) =>
    server.seen.filter((line) => line === `POST ${TOKEN_PATH}`).length;
  const silent =
    (match: (req: HostileRequest) => boolean): HostileRule =>
    (req) =>
      match(req);

  async function terminateWhenStalled(
    server: HostileServer,
    run: { child: ChildProcess; exited: Promise<number | null> },
    before: number,
  ): Promise<{ code: number | null; ms: number }> {
    await vi.waitFor(() => expect(tokenPosts(server)).toBeGreaterThan(before), {
      timeout: 30_000,
      interval: 100,
    });
    const started = Date.now();
    run.child.kill('SIGTERM');
    const code = await run.exited;
    return { code, ms: Date.now() - started };
  }

  it('a stalled token refresh: doctor exits within seconds', async () => {
    hostile = await startHostileServer();
    const dir = await tempDir();
    const login = await doctor([
      'login',
      '--url',
      hostile.url,
      '--state-dir',
      dir,
      '--auto-consent',
    ]);
    expect(login.code).toBe(0);
    hostile.simulator.setScenario('refresh_rejected'); // expires the access token
    hostile.simulator.setScenario('healthy');
    hostile.rules = [silent((req) => req.path === TOKEN_PATH)];
    const before = tokenPosts(hostile);
    const run = spawnDoctor(['--url', hostile.url, '--state-dir', dir, '--timeout', '60000']);
    const { code, ms } = await terminateWhenStalled(hostile, run, before);
    expect(ms).toBeLessThan(5000);
    expect(code).toBe(130);
  }, 60_000);

  it('a stalled sign-in (silent token endpoint): doctor login exits within seconds', async () => {
    hostile = await startHostileServer({ rules: [silent((req) => req.path === TOKEN_PATH)] });
    const run = spawnDoctor([
      'login',
      '--url',
      hostile.url,
      '--state-dir',
      await tempDir(),
      '--auto-consent',
      '--timeout',
      '60000',
    ]);
    const { code, ms } = await terminateWhenStalled(hostile, run, 0);
    expect(ms).toBeLessThan(5000);
    expect(code).toBe(130);
  }, 60_000);
});
