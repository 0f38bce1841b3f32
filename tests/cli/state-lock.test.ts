// Two doctors on one state folder: a `--watch` and one-shot runs, as separate processes, against
// a simulator whose access tokens live 1 s and whose refresh tokens rotate. Every check
// refreshes; without a lock shared by the processes one of them spends a refresh token the
// other just used, and the sign-in is lost for every later run.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROTATIONS = 20;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function doctorProcess(args: string[]): { child: ChildProcess; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/doctor.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr })),
  );
  return { child, done };
}

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'token_short_ttl', scenarioOptions: { ttlSec: 1 } });
  dir = await mkdtemp(join(tmpdir(), 'doctor-two-'));
});
afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

describe('two doctors sharing one state folder', () => {
  it(
    'keep the sign-in through refresh-token rotations by both processes',
    { timeout: 90_000 },
    async () => {
      const common = ['--url', sim.url, '--json', '--state-dir', dir];
      const login = await doctorProcess(['login', ...common, '--auto-consent']).done;
      expect(login.code, login.stderr).toBe(0);

      const watch = doctorProcess(['--watch', '--interval', '1', ...common]);
      const oneShots: Run[] = [];
      const deadline = Date.now() + 45_000;
      try {
        // One-shots back to back while the watch refreshes every second.
        while (
          (sim.stats().tokens.refreshed < ROTATIONS || oneShots.length < 4) &&
          Date.now() < deadline
        ) {
          oneShots.push(await doctorProcess(common).done);
        }
      } finally {
        watch.child.kill('SIGINT');
      }
      const watched = await watch.done;

      expect(sim.stats().tokens.refreshed).toBeGreaterThanOrEqual(ROTATIONS);
      for (const run of oneShots) {
        const snapshot = JSON.parse(run.stdout) as { token: { state: string } };
        expect(snapshot.token.state, run.stderr).toBe('signed_in');
        expect(run.code, run.stdout).toBe(0);
      }
      const watchStates = watched.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { token: { state: string } }).token.state);
      expect(watchStates.length).toBeGreaterThan(3);
      expect(new Set(watchStates)).toEqual(new Set(['signed_in']));

      const last = await doctorProcess(common).done;
      expect(last.code, last.stdout).toBe(0);
      expect((JSON.parse(last.stdout) as { token: { state: string } }).token.state).toBe(
        'signed_in',
      );
    },
  );
});
