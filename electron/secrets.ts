// TokenStore backed by Electron's safeStorage: the sign-in (StoredAuth) is encrypted with the OS
// keychain / DPAPI / Linux keyring into <userData>/auth.bin and never written in clear. Where
// Linux has no keyring (`basic_text`), tokens stay in memory unless the user opted in
// (policy/secret-storage.ts). Tokens live only in main: never in AppState, logs or IPC.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStorage } from '../shared/ipc';
import type { StoredAuth, TokenStore } from './monitor/engine-types';
import { TokenSaveError } from './monitor/auth/auth-state';
import type { Logger } from './monitor/log';
import { decideSecretStorage, type SecretStorageDecision } from './policy/secret-storage';

export const AUTH_FILE_NAME = 'auth.bin';

/** Reads what safeStorage can do here; call after the app is ready. */
export async function probeSecretStorage(
  platform: NodeJS.Platform,
  unencryptedOptIn: boolean,
): Promise<SecretStorageDecision> {
  let encryptionAvailable = false;
  try {
    encryptionAvailable = await safeStorage.isAsyncEncryptionAvailable();
  } catch {
    encryptionAvailable = false;
  }
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  return decideSecretStorage({
    platform,
    encryptionAvailable,
    ...(backend ? { backend } : {}),
    unencryptedOptIn,
  });
}

export interface SafeStorageTokenStoreOptions {
  file: string;
  decision: SecretStorageDecision;
  log: Logger;
}

export class SafeStorageTokenStore implements TokenStore {
  private memory: StoredAuth | undefined;
  private loaded = false;
  private decision: SecretStorageDecision;

  constructor(private readonly options: SafeStorageTokenStoreOptions) {
    this.decision = options.decision;
  }

  get mode(): SecretStorage {
    return this.decision.mode;
  }

  get basicTextFallback(): boolean {
    return this.decision.basicTextFallback;
  }

  async load(): Promise<StoredAuth | undefined> {
    if (this.loaded || !this.decision.persist) return this.memory;
    this.loaded = true;
    this.memory = await this.readFile();
    return this.memory;
  }

  async save(auth: StoredAuth): Promise<void> {
    this.memory = auth;
    this.loaded = true;
    if (this.decision.persist) await this.writeFile(auth);
  }

  async clear(): Promise<void> {
    this.memory = undefined;
    this.loaded = true;
    await rm(this.options.file, { force: true });
  }

  /**
   * Switches where tokens go (the user opted in or out of basic_text). Opting out removes the
   * file; opting in writes what is held in memory.
   */
  async setDecision(decision: SecretStorageDecision): Promise<void> {
    const wasPersisting = this.decision.persist;
    if (wasPersisting && !this.loaded) await this.load();
    this.decision = decision;
    if (wasPersisting && !decision.persist) await rm(this.options.file, { force: true });
    if (!wasPersisting && decision.persist && this.memory) await this.writeFile(this.memory);
  }

  private async readFile(): Promise<StoredAuth | undefined> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.options.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.options.log('warn', `Could not read the saved sign-in: ${String(error)}`);
      return undefined;
    }
    try {
      const { result } = await safeStorage.decryptStringAsync(encrypted);
      const parsed: unknown = JSON.parse(result);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      return parsed as StoredAuth;
    } catch {
      // Another keyring, another user, a damaged file: ask for a new sign-in rather than crash.
      this.options.log('warn', 'The saved sign-in could not be decrypted; sign in again.');
      return undefined;
    }
  }

  /** Fails with a TokenSaveError naming the file and the OS error: the sign-in shows it. */
  private async writeFile(auth: StoredAuth): Promise<void> {
    const encrypted = await safeStorage.encryptStringAsync(JSON.stringify(auth));
    const temp = `${this.options.file}.tmp-${process.pid}`;
    try {
      await mkdir(dirname(this.options.file), { recursive: true });
      await writeFile(temp, encrypted, { mode: 0o600 });
      await rename(temp, this.options.file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new TokenSaveError(this.options.file, error);
    }
  }
}
