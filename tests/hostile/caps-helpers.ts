// Shared by the hostile caps tests: the real `doctor` as a child process (with its peak memory and
// a deadline), and a rule body that streams megabytes without holding them in the test process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startHostileServer, type HostileRule, type HostileServer } from './server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PEAK_RSS = fileURLToPath(new URL('./peak-rss.mjs', import.meta.url));

export interface DoctorRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The child's peak resident memory, in MB. */
  peakMb: number;
  /** True when the deadline passed and the child was killed. */
  killed: boolean;
}

/** Runs `bin/doctor.ts` with `args`; kills it past `deadlineMs`. */
export function runDoctorChild(args: string[], deadlineMs: number): Promise<DoctorRun> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', PEAK_RSS, 'bin/doctor.ts', ...args],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const peak = /peak-rss-kb (\d+)/.exec(stderr);
      resolve({
        code,
        stdout,
        stderr: stderr.replace(/peak-rss-kb \d+\n?/, ''),
        ms: Date.now() - started,
        peakMb: peak ? Number(peak[1]) / 1024 : Number.NaN,
        killed,
      });
    });
  });
}

/**
 * Writes `prefix`, then `size` bytes of `fill`, then `suffix`, honouring backpressure and
 * stopping when the client hangs up. Headers must already be written.
 */
export async function streamBody(
  res: ServerResponse,
  prefix: string,
  size: number,
  suffix: string,
  fill = 'A',
): Promise<void> {
  const chunk = Buffer.from(fill.repeat(64 * 1024));
  let gone = false;
  res.on('close', () => (gone = true));
  const write = (data: Buffer | string) =>
    new Promise<void>((resolve) => {
      if (res.write(data)) return resolve();
      const done = () => {
        res.off('drain', done).off('close', done);
        resolve();
      };
      res.on('drain', done).on('close', done);
    });
  await write(prefix);
  for (let sent = 0; sent < size && !gone; sent += chunk.length) await write(chunk);
  if (!gone) res.end(suffix);
}

/** Control characters and bidi controls: none may reach a terminal from a server. */
export const CONTROL_OR_BIDI =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * One hostile server for a file's tests, with these rules, and a `doctor(...args)` that runs the
 * real doctor against it, signed in with --auto-consent in a state folder of its own.
 */
export function useDoctorOnHostile(
  rules: HostileRule[],
  prefix: string,
): (...extra: string[]) => Promise<DoctorRun> {
  let hostile: HostileServer | undefined;
  let dir = '';
  beforeAll(async () => {
    hostile = await startHostileServer({ rules });
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    await hostile?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return (...extra) =>
    runDoctorChild(
      ['--url', hostile?.url ?? '', '--auto-consent', '--state-dir', dir, ...extra],
      60_000,
    );
}
