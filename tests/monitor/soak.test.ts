// 500 checks with faults injected, in a child process: the simulator is left with at most one open
// session (none after stop), and the process exits by itself, i.e. nothing leaked a handle.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/soak.ts', import.meta.url));
const EXIT_LIMIT_MS = 50_000;

interface Figures {
  checks: number;
  levels: Record<string, number>;
  lastLevel: string;
  maxOpenSessions: number;
  openSessionsRunning: number;
  openSessionsStopped: number;
  sessionsCreated: number;
  issued: number;
}

function runFixture(): Promise<{
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, EXIT_LIMIT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

describe('soak: 500 checks with faults', () => {
  it(
    'leaves at most one open session and exits without leaked handles',
    { timeout: EXIT_LIMIT_MS + 5_000 },
    async () => {
      const run = await runFixture();
      expect(
        run.timedOut,
        `the process did not exit by itself (a leaked handle?)\n${run.stderr}`,
      ).toBe(false);
      expect(run.code, run.stderr).toBe(0);
      const figures = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Figures;
      expect(figures.checks).toBe(500);
      // Faults really happened, and the engine came back from them.
      expect(figures.levels.error).toBeGreaterThan(100);
      expect(figures.levels.ok).toBeGreaterThan(100);
      expect(figures.sessionsCreated).toBeGreaterThan(50);
      expect(figures.openSessionsRunning).toBeLessThanOrEqual(1);
      expect(figures.openSessionsStopped).toBe(0);
      expect(figures.issued).toBe(1); // never a new sign-in
    },
  );
});
