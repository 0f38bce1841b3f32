// The doctor's sign-in in the OS keychain (Windows Credential Manager, macOS Keychain, the
// Secret Service on Linux) through @napi-rs/keyring: one entry per MCP origin, holding the same
// JSON the file store writes. Where no keychain answers (no addon for this OS, no D-Bus session,
// no Secret Service) the owner-only FileTokenStore is used instead, with a one-line warning.
// Token refreshes stay serialized across processes through the file store's lock file.
import { readFile, rm } from 'node:fs/promises';
import type { StoredAuth, TokenStore } from '../engine-types';
import { TokenSaveError } from './auth-state';
import { parseStoredAuth, type FileTokenStore } from './file-token-store';
import { acquireStateLock } from './state-lock';
import type { ReleaseLock } from './state-lock';

export const KEYRING_SERVICE = 'CrossTrade MCP Monitor';
/** The entry written and removed to learn whether a keychain works (reads never fail). */
const PROBE_ACCOUNT = 'keychain-check';
/** A keychain that has not answered by then is treated as absent (a hung D-Bus activation). */
export const KEYRING_PROBE_MS = 3_000;

/** The part of @napi-rs/keyring's AsyncEntry this store uses. */
export interface KeyringEntry {
  getPassword(): Promise<string | undefined | null>;
  setPassword(password: string): Promise<void>;
  deleteCredential(): Promise<boolean>;
}
export type OpenKeyringEntry = (service: string, account: string) => Promise<KeyringEntry>;

/** Loads the native addon only when asked: a missing or foreign-OS build must not break start-up. */
const openNapiEntry: OpenKeyringEntry = async (service, account) => {
  const { AsyncEntry } = await import('@napi-rs/keyring');
  return new AsyncEntry(service, account);
};

/** The keychain account for a server: its origin (scheme, host, port), never a path or query. */
export function keyringAccount(serverUrl: string): string {
  return new URL(serverUrl).origin;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
}

export class KeyringTokenStore implements TokenStore {
  constructor(
    private readonly entry: KeyringEntry,
    /** Where failures are reported as (`keychain entry "…"`) and the lock file sits beside. */
    readonly label: string,
    private readonly lockPath: string,
    private readonly onSaveError: (error: TokenSaveError) => void = () => {},
  ) {}

  async load(): Promise<StoredAuth | undefined> {
    return parseStoredAuth(await this.entry.getPassword());
  }

  async save(auth: StoredAuth): Promise<void> {
    try {
      await this.entry.setPassword(JSON.stringify(auth));
    } catch (error) {
      throw this.failed(error);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.entry.deleteCredential();
    } catch (error) {
      // Nothing stored is what clearing wants; any other failure is reported.
      if (/no (matching )?entry|not found/i.test(String(error))) return;
      throw this.failed(error);
    }
  }

  private failed(cause: unknown): TokenSaveError {
    // The addon's messages carry a native backtrace after the first line: keep the first line.
    const error = new TokenSaveError(this.label, new Error(firstLine(cause)));
    this.onSaveError(error);
    return error;
  }

  lock(): Promise<ReleaseLock | undefined> {
    return acquireStateLock(this.lockPath);
  }
}

export interface OpenTokenStoreOptions {
  serverUrl: string;
  /** The owner-only file store: the fallback, and where an older sign-in is moved from. */
  file: FileTokenStore;
  /** Told once, in one line, when the keychain is not used. */
  warn: (line: string) => void;
  onSaveError?: (error: TokenSaveError) => void;
  openEntry?: OpenKeyringEntry;
  probeMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The keychain store when a keychain accepts a write, else the file store (with the warning).
 * A sign-in still in the file from before is moved into the keychain and the file removed.
 */
export async function openTokenStore(options: OpenTokenStoreOptions): Promise<TokenStore> {
  const account = keyringAccount(options.serverUrl);
  const open = options.openEntry ?? openNapiEntry;
  const ms = options.probeMs ?? KEYRING_PROBE_MS;
  let entry: KeyringEntry;
  let existing: string | undefined | null;
  try {
    // A read answers "nothing stored" even without a keychain: only a write proves one is there.
    const probe = await withTimeout(open(KEYRING_SERVICE, PROBE_ACCOUNT), ms);
    await withTimeout(probe.setPassword('ok'), ms);
    await withTimeout(probe.deleteCredential(), ms);
    entry = await withTimeout(open(KEYRING_SERVICE, account), ms);
    existing = await withTimeout(entry.getPassword(), ms);
  } catch {
    options.warn(
      `doctor: warning: no OS keychain answered; the sign-in is kept in ${options.file.path} (readable by you only).`,
    );
    return options.file;
  }
  const store = new KeyringTokenStore(
    entry,
    `the keychain entry "${KEYRING_SERVICE}" / ${account}`,
    `${options.file.path}.lock`,
    options.onSaveError,
  );
  if (!existing) {
    const legacy = await readFile(options.file.path, 'utf8').catch(() => undefined);
    const auth = parseStoredAuth(legacy);
    if (auth) {
      await store.save(auth);
      await rm(options.file.path, { force: true });
    }
  }
  return store;
}
