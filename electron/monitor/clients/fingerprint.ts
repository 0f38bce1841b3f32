// What a settings file held when last audited: its size and mtime, and a hash of its bytes. Clients
// such as Claude Code rewrite their file many times a minute, mostly with the same CrossTrade entry
// or the very same bytes; a rewrite that leaves the bytes alone must not cost a re-audit.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MAX_CONFIG_BYTES } from './read';

const READ_CHUNK = 64 * 1024;

/** `missing`, `other` (not a regular file, or too large to read), or size, mtime and hash. */
type Print =
  | { kind: 'missing' }
  | { kind: 'other'; size: number; mtimeMs: number }
  | { kind: 'file'; size: number; mtimeMs: number; hash: string };

/** The hash of a regular file no larger than MAX_CONFIG_BYTES, or undefined. */
async function hashOf(file: string): Promise<string | undefined> {
  let handle;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO after the stat, open still returns.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(READ_CHUNK);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_CONFIG_BYTES) return undefined;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function printOf(file: string, previous: Print | undefined): Promise<Print> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return { kind: 'missing' };
  }
  const { size, mtimeMs } = info;
  if (!info.isFile() || size > MAX_CONFIG_BYTES) return { kind: 'other', size, mtimeMs };
  // Same size and mtime: the same file, not read again.
  if (previous?.kind === 'file' && previous.size === size && previous.mtimeMs === mtimeMs)
    return previous;
  const hash = await hashOf(file);
  return hash === undefined
    ? { kind: 'other', size, mtimeMs }
    : { kind: 'file', size, mtimeMs, hash };
}

function same(a: Print | undefined, b: Print): boolean {
  if (a === undefined || a.kind !== b.kind) return false;
  if (a.kind === 'missing') return true;
  if (a.kind === 'file' && b.kind === 'file') return a.hash === b.hash;
  // Neither read nor hashed: only size and mtime tell.
  return a.size === (b as typeof a).size && a.mtimeMs === (b as typeof a).mtimeMs;
}

/** The prints of a set of files; `update` says whether any file's content changed since. */
export class FilePrints {
  private prints = new Map<string, Print>();

  /** Takes the prints of `files` (the last scan's candidates); true when any differs from before. */
  async update(files: readonly string[]): Promise<boolean> {
    const next = new Map<string, Print>();
    let changed = files.length !== this.prints.size;
    for (const file of files) {
      const previous = this.prints.get(file);
      const print = await printOf(file, previous);
      next.set(file, print);
      if (!same(previous, print)) changed = true;
    }
    this.prints = next;
    return changed;
  }
}
