import { describe, expect, it } from 'vitest';
import { decideSecretStorage } from '../../../electron/policy/secret-storage';

describe('secret storage decision', () => {
  it('encrypts on macOS and Windows, and on Linux with a keyring', () => {
    for (const [platform, backend] of [
      ['darwin', undefined],
      ['win32', undefined],
      ['linux', 'gnome_libsecret'],
      ['linux', 'kwallet6'],
    ] as const) {
      expect(
        decideSecretStorage({
          platform,
          encryptionAvailable: true,
          ...(backend ? { backend } : {}),
          unencryptedOptIn: false,
        }),
      ).toEqual({ mode: 'encrypted', persist: true, basicTextFallback: false });
    }
  });

  it('keeps tokens in memory on Linux basic_text unless the user opted in', () => {
    expect(
      decideSecretStorage({
        platform: 'linux',
        encryptionAvailable: true,
        backend: 'basic_text',
        unencryptedOptIn: false,
      }),
    ).toEqual({ mode: 'memory_only', persist: false, basicTextFallback: true });
    expect(
      decideSecretStorage({
        platform: 'linux',
        encryptionAvailable: true,
        backend: 'basic_text',
        unencryptedOptIn: true,
      }),
    ).toEqual({ mode: 'basic_text', persist: true, basicTextFallback: true });
  });

  it('keeps tokens in memory when no encryption is available at all', () => {
    expect(
      decideSecretStorage({
        platform: 'win32',
        encryptionAvailable: false,
        unencryptedOptIn: true,
      }),
    ).toEqual({
      mode: 'memory_only',
      persist: false,
      basicTextFallback: false,
    });
  });
});
