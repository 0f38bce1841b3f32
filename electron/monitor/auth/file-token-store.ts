// The CLI's TokenStore: one JSON file readable by its owner only (0600, folder 0700), replaced
// atomically so a crash never leaves half a file. The desktop app supplies an encrypted store.
// Processes sharing the file serialize token refreshes through `<file>.lock` (state-lock.ts).
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StoredAuth, TokenStore } from '../engine-types';
import { TokenSaveError } from './auth-state';
import { acquireStateLock } from './state-lock';
import type { ReleaseLock } from './state-lock';

/** Saved sign-in text → its object; anything unreadable is signed out, overwritten by the next sign-in. */
export function parseStoredAuth(text: string | undefined | null): StoredAuth | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as StoredAuth)
      : undefined;
  } catch {
    return undefined;
  }
}

export class FileTokenStore implements TokenStore {
  constructor(
    readonly path: string,
    /** Told of every failed save (the CLI prints it: a lost sign-in must not go unnoticed). */
    private readonly onSaveError: (error: TokenSaveError) => void = () => {},
  ) {}

  async load(): Promise<StoredAuth | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseStoredAuth(text);
  }

  /** Fails with a TokenSaveError naming the file and the OS error (EACCES, ENOTDIR, …). */
  async save(auth: StoredAuth): Promise<void> {
    const dir = dirname(this.path);
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(temp, JSON.stringify(auth), { mode: 0o600 });
      await chmod(temp, 0o600); // the umask may have widened it
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw this.failed(error);
    }
  }

  async clear(): Promise<void> {
    try {
      await rm(this.path, { force: true });
    } catch (error) {
      throw this.failed(error);
    }
  }

  private failed(cause: unknown): TokenSaveError {
    const error = new TokenSaveError(this.path, cause);
    this.onSaveError(error);
    return error;
  }

  /** Locks this file against other processes (undefined: went on without the lock). */
  lock(): Promise<ReleaseLock | undefined> {
    return acquireStateLock(`${this.path}.lock`);
  }
}

/** An in-memory TokenStore (tests, --demo). */
export class MemoryTokenStore implements TokenStore {
  private value: StoredAuth | undefined;

  constructor(initial?: StoredAuth) {
    this.value = initial ? structuredClone(initial) : undefined;
  }

  async load(): Promise<StoredAuth | undefined> {
    return this.value ? structuredClone(this.value) : undefined;
  }

  async save(auth: StoredAuth): Promise<void> {
    this.value = structuredClone(auth);
  }

  async clear(): Promise<void> {
    this.value = undefined;
  }
}
