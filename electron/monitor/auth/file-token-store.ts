// The CLI's TokenStore: one JSON file readable by its owner only (0600, folder 0700), replaced
// atomically so a crash never leaves half a file. The desktop app supplies an encrypted store.
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { StoredAuth, TokenStore } from '../engine-types';

export class FileTokenStore implements TokenStore {
  constructor(readonly path: string) {}

  async load(): Promise<StoredAuth | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as StoredAuth)
        : undefined;
    } catch {
      return undefined; // unreadable file: treated as signed out, overwritten by the next sign-in
    }
  }

  async save(auth: StoredAuth): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(auth), { mode: 0o600 });
      await chmod(temp, 0o600); // the umask may have widened it
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
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
