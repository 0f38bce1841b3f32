// The engine's public entry: createEngine and the pieces its drivers (app, CLI, tests) need.
export type * from './api';
export { createEngine, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_CLIENT_NAME } from './engine';
export { FileTokenStore, MemoryTokenStore } from './file-token-store';
export { autoConsent, AutoConsentRefusedError, isLoopback } from './auto-consent';
export { createNt8ProcessCheck, noNt8Check } from './nt8-process';
export { SignInError } from './sign-in-error';
export type { LogLevel, Logger } from './log';
