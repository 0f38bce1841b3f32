// The cross-process lock on the saved sign-in, on real files: a dead or stuck holder never blocks
// a check, a live one is waited for (boundedly), and nobody removes a lock that is not theirs.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireStateLock } from '../../electron/monitor/auth/state-lock';

let dir: string;
let lock: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'state-lock-'));
  lock = join(dir, 'auth.json.lock');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function held(pid: number, at: number, id = 'someone-else') {
  return writeFile(lock, JSON.stringify({ pid, host: hostname(), at, id }));
}

async function holder(): Promise<{ pid: number }> {
  return JSON.parse(await readFile(lock, 'utf8')) as { pid: number };
}

describe('state lock', () => {
  it('is exclusive: a second taker waits until the first releases', async () => {
    const first = await acquireStateLock(lock);
    expect(first).toBeDefined();
    expect((await holder()).pid).toBe(process.pid);
    let secondHas = false;
    const second = acquireStateLock(lock, { waitMs: 5_000 }).then((release) => {
      secondHas = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(secondHas).toBe(false);
    await first?.();
    const release = await second;
    expect(release).toBeDefined();
    await release?.();
    await expect(stat(lock)).rejects.toThrow(/ENOENT/);
  });

  it('takes over at once from a holder that is no longer running', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    await held(gone, Date.now());
    const started = Date.now();
    const release = await acquireStateLock(lock, { waitMs: 5_000 });
    expect(release).toBeDefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await holder()).pid).toBe(process.pid);
    await release?.();
  });

  it('takes over from a live holder that has kept it too long (over 30 s)', async () => {
    await held(process.pid, Date.now() - 31_000);
    const release = await acquireStateLock(lock, { waitMs: 5_000 });
    expect(release).toBeDefined();
    await release?.();
  });

  it('takes over an unreadable lock file once it is old', async () => {
    await writeFile(lock, 'garbage');
    const release = await acquireStateLock(lock, { waitMs: 5_000, staleMs: 0 });
    expect(release).toBeDefined();
    await release?.();
  });

  it('waits for a live, fresh holder only so long, then goes on without the lock', async () => {
    await held(process.pid, Date.now());
    const started = Date.now();
    const release = await acquireStateLock(lock, { waitMs: 300 });
    expect(release).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
    // The holder's lock is left alone.
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ id: 'someone-else' });
  });

  it('a release after a takeover leaves the new holder’s lock in place', async () => {
    const release = await acquireStateLock(lock);
    await held(process.pid, Date.now(), 'the-new-holder');
    await release?.();
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ id: 'the-new-holder' });
  });

  it('where no lock can exist (a file in place of the folder) it goes on at once', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const started = Date.now();
    expect(await acquireStateLock(join(dir, 'file', 'auth.json.lock'))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
