// Pure decision: no Electron, no I/O; the adapters apply it.
//
// Where the sign-in may be kept. safeStorage encrypts with the OS keychain (macOS), DPAPI
// (Windows) or a Linux keyring. Where Linux has no keyring Electron falls back to `basic_text`,
// a fixed key that protects nothing: tokens then stay in memory (sign in again after a restart)
// unless the user opted in to keeping them anyway.
import type { SecretStorage } from '../../shared/ipc';

export interface SecretStorageInput {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()` on Linux; ignored elsewhere. */
  backend?: string;
  unencryptedOptIn: boolean;
}

export interface SecretStorageDecision {
  /** What the window is told (AppState.secretStorage). */
  mode: SecretStorage;
  /** Whether tokens are written to disk (always through safeStorage). */
  persist: boolean;
  /** Linux without a keyring: the window warns and the tray offers the opt-in. */
  basicTextFallback: boolean;
}

export function decideSecretStorage(input: SecretStorageInput): SecretStorageDecision {
  const linuxWithoutKeyring =
    input.platform === 'linux' && (input.backend === 'basic_text' || input.backend === 'unknown');
  if (!input.encryptionAvailable) {
    return { mode: 'memory_only', persist: false, basicTextFallback: linuxWithoutKeyring };
  }
  if (linuxWithoutKeyring) {
    return input.unencryptedOptIn
      ? { mode: 'basic_text', persist: true, basicTextFallback: true }
      : { mode: 'memory_only', persist: false, basicTextFallback: true };
  }
  return { mode: 'encrypted', persist: true, basicTextFallback: false };
}
