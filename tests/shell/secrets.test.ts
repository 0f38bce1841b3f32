import { mkdtempSync, readFileSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredAuth } from '../../electron/monitor/engine-types';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { probeSecretStorage, SafeStorageTokenStore } = await import('../../electron/secrets');

const ACCESS = 'ct_at_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const REFRESH = 'ct_rt_0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const AUTH: StoredAuth = {
  clientInformation: { client_id: 'monitor-client-123' },
  redirectUri: 'http://127.0.0.1:53682/callback',
  tokens: {
    access_token: ACCESS,
    refresh_token: REFRESH,
    token_type: 'Bearer',
    expires_in: 3600,
    scope: 'mcp:read',
  },
  tokensSavedAt: '2026-11-25T17:45:00.000Z',
};

async function store(platform: NodeJS.Platform, optIn = false) {
  const dir = mkdtempSync(join(tmpdir(), 'ct-secrets-'));
  const file = join(dir, 'auth.bin');
  const decision = await probeSecretStorage(platform, optIn);
  return { file, tokenStore: new SafeStorageTokenStore({ file, decision, log: vi.fn() }) };
}

describe('safeStorage token store', () => {
  beforeEach(() => electron.reset());

  it('keeps the tokens encrypted on disk, never in clear', async () => {
    const { file, tokenStore } = await store('darwin');
    expect(tokenStore.mode).toBe('encrypted');
    await tokenStore.save(AUTH);
    const bytes = readFileSync(file);
    expect(electron.safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(bytes.includes(ACCESS)).toBe(false);
    expect(bytes.includes(REFRESH)).toBe(false);
    expect(bytes.toString('latin1')).not.toContain('access_token');
    expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('reads the sign-in back after a restart through safeStorage', async () => {
    const first = await store('win32');
    await first.tokenStore.save(AUTH);
    const decision = await probeSecretStorage('win32', false);
    const restarted = new SafeStorageTokenStore({ file: first.file, decision, log: vi.fn() });
    await expect(restarted.load()).resolves.toEqual(AUTH);
    expect(electron.safeStorage.decryptStringAsync).toHaveBeenCalledTimes(1);
  });

  it('forgets the file on sign-out', async () => {
    const { file, tokenStore } = await store('linux');
    await tokenStore.save(AUTH);
    await tokenStore.clear();
    expect(existsSync(file)).toBe(false);
    await expect(tokenStore.load()).resolves.toBeUndefined();
  });

  it('asks for a new sign-in when the file cannot be decrypted', async () => {
    const { file, tokenStore } = await store('linux');
    writeFileSync(file, 'not encrypted by this keyring');
    await expect(tokenStore.load()).resolves.toBeUndefined();
  });

  it('keeps tokens in memory only where Linux falls back to basic_text', async () => {
    electron.safeStorage.backend = 'basic_text';
    const { file, tokenStore } = await store('linux');
    expect(tokenStore.mode).toBe('memory_only');
    expect(tokenStore.basicTextFallback).toBe(true);
    await tokenStore.save(AUTH);
    expect(existsSync(file)).toBe(false);
    expect(electron.safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    await expect(tokenStore.load()).resolves.toEqual(AUTH);
    // A restart starts signed out.
    const restarted = new SafeStorageTokenStore({
      file,
      decision: await probeSecretStorage('linux', false),
      log: vi.fn(),
    });
    await expect(restarted.load()).resolves.toBeUndefined();
  });

  it('writes to disk through basic_text once the user opts in, and removes the file on opt-out', async () => {
    electron.safeStorage.backend = 'basic_text';
    const { file, tokenStore } = await store('linux');
    await tokenStore.save(AUTH);
    await tokenStore.setDecision(await probeSecretStorage('linux', true));
    expect(tokenStore.mode).toBe('basic_text');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).includes(ACCESS)).toBe(false);
    await tokenStore.setDecision(await probeSecretStorage('linux', false));
    expect(tokenStore.mode).toBe('memory_only');
    expect(existsSync(file)).toBe(false);
    await expect(tokenStore.load()).resolves.toEqual(AUTH);
  });

  it('keeps tokens in memory when encryption is unavailable', async () => {
    electron.safeStorage.available = false;
    const { file, tokenStore } = await store('win32');
    expect(tokenStore.mode).toBe('memory_only');
    await tokenStore.save(AUTH);
    expect(existsSync(file)).toBe(false);
  });
});
