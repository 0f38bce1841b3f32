// A lock file that serializes token refreshes across processes sharing one state folder (a
// `doctor --watch` and a cron one-shot). With refresh-token rotation, two processes refreshing
// with the same token means one of them loses the sign-in; under the lock the second one re-reads
// the saved state and uses the tokens the first one just got.
//
// The lock is a file created with O_EXCL holding { pid, host, at, id }. A lock whose holder is a
// dead process on this host, or that is older than STALE_MS, is taken over. Waiting is bounded:
// after WAIT_MS the caller goes on without the lock (a check is never held up for long).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';

/** A holder that keeps the lock this long has crashed or hung: a refresh takes well under this. */
export const STALE_MS = 30_000;
/** Longest a caller waits for a live holder before going on unlocked. */
export const WAIT_MS = 12_000;
const POLL_MS = 25;

export type ReleaseLock = () => Promise<void>;

export interface LockOptions {
  staleMs?: number;
  waitMs?: number;
  now?: () => number;
}

interface LockContent {
  pid: number;
  host: string;
  at: number;
  id: string;
}

function parse(text: string): LockContent | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    if (
      typeof value.pid === 'number' &&
      typeof value.at === 'number' &&
      typeof value.host === 'string' &&
      typeof value.id === 'string'
    ) {
      return value as LockContent;
    }
  } catch {
    // unreadable: judged by the file's age below
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock's text if it is stale (its holder is gone or took too long), else undefined. */
async function staleText(path: string, staleMs: number, now: number): Promise<string | undefined> {
  let text: string;
  let modified: number;
  try {
    [text, modified] = await Promise.all([
      readFile(path, 'utf8'),
      stat(path).then((s) => s.mtimeMs),
    ]);
  } catch {
    return undefined; // gone already: the next attempt creates it
  }
  const content = parse(text);
  if (!content) return now - modified > staleMs ? text : undefined;
  const tooOld = now - content.at > staleMs || now - modified > staleMs;
  const deadHolder = content.host === hostname() && !processAlive(content.pid);
  return tooOld || deadHolder ? text : undefined;
}

/**
 * Takes the lock at `path`. Resolves with a release function, or with undefined when the lock
 * could not be had in time or cannot exist at all (an unwritable folder): the caller goes on
 * unlocked, and an unwritable folder is reported when the state itself fails to save.
 */
export async function acquireStateLock(
  path: string,
  options: LockOptions = {},
): Promise<ReleaseLock | undefined> {
  const staleMs = options.staleMs ?? STALE_MS;
  const waitMs = options.waitMs ?? WAIT_MS;
  const now = options.now ?? Date.now;
  const id = randomBytes(8).toString('hex');
  const deadline = Date.now() + waitMs;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  for (;;) {
    const created = await create(path, id, now());
    if (created === 'created') return () => release(path, id);
    if (created === 'failed') return undefined;
    const stale = await staleText(path, staleMs, now());
    // Only remove the lock we judged: another process may have taken it over meanwhile.
    if (stale !== undefined && (await readFile(path, 'utf8').catch(() => undefined)) === stale) {
      const removed = await rm(path, { force: true }).then(
        () => true,
        () => false,
      );
      if (removed) continue;
    }
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS + Math.random() * POLL_MS));
  }
}

/** Creates the lock file (O_EXCL): 'taken' when it exists, 'failed' when it cannot be made. */
async function create(
  path: string,
  id: string,
  at: number,
): Promise<'created' | 'taken' | 'failed'> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EEXIST' ? 'taken' : 'failed';
  }
  let written = true;
  try {
    const content: LockContent = { pid: process.pid, host: hostname(), at, id };
    await handle.writeFile(JSON.stringify(content));
  } catch {
    written = false;
  }
  // Closed before any removal: Windows cannot remove an open file.
  await handle.close().catch(() => undefined);
  if (written) return 'created';
  await rm(path, { force: true }).catch(() => undefined); // a half-written lock helps no one
  return 'failed';
}

async function release(path: string, id: string): Promise<void> {
  // Never remove a lock that was taken over from us (we were judged stale).
  const current = parse(await readFile(path, 'utf8').catch(() => ''));
  if (current?.id === id) await rm(path, { force: true }).catch(() => undefined);
}
