// A state folder the sign-in cannot be saved in (here a regular file: that stops root too) is an
// error the trader sees, with the path and the OS error; never "OK" followed by a signed-out run.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../cli/doctor';
import type { DoctorIO } from '../../cli/doctor';
import { startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';

interface Captured {
  code: number;
  stdout: string[];
  stderr: string;
}

async function doctor(args: string[], io: Partial<DoctorIO> = {}): Promise<Captured> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor(
    args,
    {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      isTTY: false,
      env: {},
      ...io,
    },
    { nt8ProcessCheck: async () => 'unknown' },
  );
  return { code, stdout: out, stderr: err.join('\n') };
}

let sim: Simulator;
let root: string;
beforeAll(async () => {
  sim = await startSimulator({ scenario: 'token_short_ttl', scenarioOptions: { ttlSec: 1 } });
  // Digits only: a random mixed-case folder name could be redacted from the messages as a secret.
  root = join(tmpdir(), `doctor-state-dir-${process.pid}-${Date.now()}`);
  await mkdir(root, { recursive: true });
});
afterAll(async () => {
  await sim.close();
  await rm(root, { recursive: true, force: true });
});

const SAVE_ERROR =
  /Could not save the sign-in to .*auth\.json: (ENOTDIR|EEXIST).*\. Choose a writable --state-dir\./;

describe('an unwritable --state-dir', () => {
  it('login fails with exit 2, naming the path and the OS error', async () => {
    const file = join(root, 'not-a-folder');
    await writeFile(file, 'a regular file');
    const login = await doctor(['login', '--url', sim.url, '--auto-consent', '--state-dir', file]);
    expect(login.code).toBe(2);
    expect(login.stderr).toMatch(/doctor: sign-in failed: Could not save the sign-in to /);
    expect(login.stderr).toContain(join(file, 'servers'));
    expect(login.stderr).toMatch(SAVE_ERROR);
    expect(login.stderr.match(/Could not save/g)).toHaveLength(1);
  });

  it('a check that signs in by itself (--auto-consent) fails the same way', async () => {
    const file = join(root, 'also-a-file');
    await writeFile(file, 'a regular file');
    const run = await doctor(['--url', sim.url, '--auto-consent', '--json', '--state-dir', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(SAVE_ERROR);
  });

  it('--watch says so when a rotated refresh token cannot be saved, and keeps checking', async () => {
    const dir = join(root, 'watch');
    const login = await doctor(['login', '--url', sim.url, '--auto-consent', '--state-dir', dir]);
    expect(login.code, login.stderr).toBe(0);
    const [server] = await readdir(join(dir, 'servers'));
    const serverDir = join(dir, 'servers', server ?? '');
    let lines = 0;
    const watch = await doctor(
      [
        '--url',
        sim.url,
        '--watch',
        '--interval',
        '1',
        '--count',
        '3',
        '--json',
        '--state-dir',
        dir,
      ],
      {
        stdout: () => {
          // After the first check the folder becomes a file: every later save fails.
          if (++lines === 1) {
            rmSync(serverDir, { recursive: true, force: true });
            writeFileSync(serverDir, 'no longer a folder');
          }
        },
      },
    );
    expect(watch.code, watch.stderr).toBe(0);
    expect(watch.stderr).toMatch(SAVE_ERROR);
    expect(watch.stderr.match(/Could not save/g)).toHaveLength(1);
    expect(sim.stats().tokens.refreshed).toBeGreaterThan(0);
  });
});
