import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rawHeaders, rawInitialize, rawSignIn } from './helpers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: { child: ChildProcess; group: boolean }[] = [];

afterEach(() => {
  for (const { child, group } of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
    if (group) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  }
});

interface Running {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first stdout line that satisfies `match`. */
  waitForLine(match: (line: string) => boolean): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

function run(command: string, args: string[], detached = false): Running {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached });
  children.push({ child, group: detached });
  const lines: string[] = [];
  const waiters: { match: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    waitForLine: (match) => {
      const found = lines.find(match);
      return found !== undefined
        ? Promise.resolve(found)
        : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    exited,
    stderr: () => stderr,
  };
}

const sim = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'simulator/cli.ts', ...args]);

/**
 * Busies the simulator the way a connected client does: signs in, opens an MCP session and its
 * standalone GET SSE stream (left open). Returns a function that drops the stream.
 */
async function openSessionAndStream(url: string): Promise<() => void> {
  const origin = new URL(url).origin;
  const { access_token: token } = await rawSignIn(origin);
  const session = await rawInitialize(url, token);
  const stream = await fetch(url, {
    headers: { ...rawHeaders(token, session), accept: 'text/event-stream' },
  });
  expect(stream.status).toBe(200);
  expect(stream.headers.get('content-type')).toContain('text/event-stream');
  const stats = (await (await fetch(`${origin}/__sim/stats`)).json()) as {
    openSessions: number;
  };
  expect(stats.openSessions).toBe(1);
  return () => void stream.body?.cancel().catch(() => {});
}

/** Sends `signal` and waits (generously) for the process to end; returns how it ended. */
async function stopWith(p: Running, signal: NodeJS.Signals) {
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void p.exited.then((status) => (ended = status));
  p.child.kill(signal);
  // Open sessions and streams must not hold the process up: 10 s is far beyond a clean stop.
  await vi.waitFor(() => expect(ended).toBeDefined(), { timeout: 10_000, interval: 50 });
  return ended;
}

describe('npm run sim', () => {
  it('prints MCP_URL first, logs requests without secrets, and stops cleanly on SIGTERM', async () => {
    const p = sim('--port', '0', '--scenario', 'broker_down', '--status', 'Disconnected');
    const first = await p.waitForLine(() => true);
    expect(first).toMatch(/^MCP_URL=http:\/\/127\.0\.0\.1:\d+\/v1\/api\/mcp$/);
    const url = first.slice('MCP_URL='.length);
    const origin = new URL(url).origin;

    const state = await (await fetch(`${origin}/__sim/state`)).json();
    expect(state).toMatchObject({ scenario: 'broker_down', options: { status: 'Disconnected' } });
    const secret = 'ct_at_secret-value-never-logged';
    const res = await fetch(`${url}?access_token=${secret}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    await res.text();
    const logged = await p.waitForLine((l) => l.startsWith('POST /v1/api/mcp'));
    expect(logged).toMatch(/^POST \/v1\/api\/mcp 401 \d+ms$/);
    expect(p.lines.join('\n')).not.toContain('secret');

    const dropStream = await openSessionAndStream(url);
    try {
      expect(await stopWith(p, 'SIGTERM')).toEqual({ code: 0, signal: null });
    } finally {
      dropStream();
    }
    expect(p.lines[0]).toBe(first);
  });

  it('stops on SIGINT too, with a session and its GET stream open', async () => {
    const p = sim('--json-responses');
    const first = await p.waitForLine((l) => l.startsWith('MCP_URL='));
    const dropStream = await openSessionAndStream(first.slice('MCP_URL='.length));
    try {
      expect(await stopWith(p, 'SIGINT')).toEqual({ code: 0, signal: null });
    } finally {
      dropStream();
    }
  });

  it('refuses bad usage with a message on stderr and exit 64', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /Unknown option '--bogus'/],
      [['--scenario', 'nope'], /unknown scenario "nope"/],
      [['--scenario', 'addon_disconnected', '--encoding', 'smoke'], /encoding/],
      [['--scenario', 'slow', '--every', '3'], /unknown option "every"/],
      [['--port', 'eighty'], /--port must be an integer/],
      [['--grantable-scopes', 'admin'], /--grantable-scopes/],
    ];
    await Promise.all(
      cases.map(async ([args, message]) => {
        const p = sim(...args);
        expect((await p.exited).code).toBe(64);
        expect(p.stderr()).toMatch(message);
        expect(p.lines).toEqual([]);
      }),
    );
  });

  it('works through npm (npm run -s keeps npm’s banner off stdout)', async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const p = run(npm, ['run', '--silent', 'sim', '--', '--port', '0'], true);
    const first = await p.waitForLine(() => true);
    expect(first).toMatch(/^MCP_URL=http:\/\/127\.0\.0\.1:\d+\/v1\/api\/mcp$/);
    process.kill(-p.child.pid!, 'SIGTERM'); // npm, its shell and the simulator
    await p.exited;
  });
});
