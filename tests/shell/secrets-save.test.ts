// The app's encrypted token store: a sign-in it cannot save fails with the path and the OS error,
// which is what the sign-in shows (a regular file where the folder should be stops root too).
import { mkdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { probeSecretStorage, SafeStorageTokenStore } = await import('../../electron/secrets');
const { createEngine } = await import('../../electron/monitor/engine');
const { autoConsent } = await import('../../electron/monitor/auth/auto-consent');
const { startSimulator } = await import('../../simulator/index');

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('safeStorage token store that cannot write', () => {
  it('fails the sign-in with "Could not save the sign-in to <file>: <OS error>"', async () => {
    electron.reset();
    // Digits only: a random mixed-case folder name could be redacted from the message.
    const dir = join(tmpdir(), `ct-secrets-save-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    dirs.push(dir);
    const blocker = join(dir, 'userData');
    writeFileSync(blocker, 'a regular file');
    const file = join(blocker, 'auth.bin');
    const decision = await probeSecretStorage('darwin', false);
    const tokenStore = new SafeStorageTokenStore({ file, decision, log: vi.fn() });
    const sim = await startSimulator();
    const engine = createEngine({
      serverUrl: sim.url,
      tokenStore,
      stateDir: dir,
      nt8ProcessCheck: async () => 'unknown',
    });
    try {
      await expect(engine.signIn({ openUrl: autoConsent() })).rejects.toThrow(
        new RegExp(`Could not save the sign-in to ${file}: (ENOTDIR|EEXIST)`),
      );
    } finally {
      await engine.stop();
      await sim.close();
    }
  });
});
