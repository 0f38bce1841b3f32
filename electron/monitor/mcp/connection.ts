// The MCP connection as the engine wires it: fetch wrappers (local 405 for the standalone GET,
// recorder, single-flight refresh, https and call timeout for OAuth requests), the background
// OAuth provider and one long-lived session.
import type { FetchLike } from '@modelcontextprotocol/client';
import type { AuthState } from '../auth/auth-state';
import {
  bearerMemory,
  composeFetch,
  createRecorder,
  guardOAuth,
  refuseStandaloneGet,
  signalPerCall,
  singleFlightRefresh,
} from './fetch-wrappers';
import type { Recorder } from './fetch-wrappers';
import type { Logger } from '../log';
import { CALLBACK_PATH } from '../auth/loopback';
import { backgroundAuth, MonitorOAuthProvider } from '../auth/oauth-provider';
import type { ProviderOptions } from '../auth/oauth-provider';
import { McpSession } from './session';
import { portOf } from '../../../shared/format';
import { capResponseSize } from './size-cap';
import { certificateIssuers } from './certificate-issuer';

export interface McpConnectionOptions {
  serverUrl: string;
  authState: AuthState;
  clientName: string;
  clientVersion: string;
  timeoutMs: number;
  log: Logger;
  preferredRedirectPort?: number;
  /** The network fetch (tests may wrap it); default globalThis.fetch. */
  baseFetch?: FetchLike;
  /** The engine's stop signal: aborts every pending OAuth request. */
  signal?: AbortSignal;
}

export interface McpConnection {
  recorder: Recorder;
  /** Every request of the monitor goes through this (MCP, discovery, registration, token). */
  fetchFn: FetchLike;
  /** The background provider: never opens a browser, never registers. */
  provider: MonitorOAuthProvider;
  session: McpSession;
  /** Another session over the same fetch and credentials (tests of the refresh race). */
  newSession(): McpSession;
  /** Options for another provider over the same credentials (the interactive sign-in). */
  providerOptions(): ProviderOptions;
}

export function createMcpConnection(options: McpConnectionOptions): McpConnection {
  const { serverUrl, authState, log } = options;
  const providerOptions = (): ProviderOptions => {
    const port = portOf(authState.get().redirectUri) ?? options.preferredRedirectPort;
    return {
      clientName: options.clientName,
      clientVersion: options.clientVersion,
      fallbackRedirectUri: `http://127.0.0.1${port ? `:${port}` : ''}${CALLBACK_PATH}`,
      log,
    };
  };
  const recorder = createRecorder();
  const provider = new MonitorOAuthProvider(authState, providerOptions());
  const base = options.baseFetch ?? ((url, init) => fetch(url, init));
  const bearers = bearerMemory();
  const fetchFn = composeFetch(
    base,
    refuseStandaloneGet(serverUrl),
    recorder.fetch,
    bearers.fetch,
    singleFlightRefresh((event) => provider.onRefresh(event)),
    // A shared refresh settles only with a complete answer (or fails in time).
    guardOAuth({
      serverUrl,
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
    // Innermost, nearest the network: every body read above goes through the size cap.
    capResponseSize(),
    // A refused certificate is reported with who issued it.
    certificateIssuers(),
    // Nearest the network: fetch's own listener goes on a signal that ends with the call.
    signalPerCall(),
  );
  const newSession = () =>
    new McpSession({
      serverUrl,
      fetch: fetchFn,
      authProvider: backgroundAuth(provider, authState, serverUrl, {
        tokenUsedBy: bearers.usedBy,
        timeoutMs: options.timeoutMs,
      }),
      clientName: options.clientName,
      clientVersion: options.clientVersion,
      timeoutMs: options.timeoutMs,
      log,
    });
  return { recorder, fetchFn, provider, session: newSession(), newSession, providerOptions };
}
