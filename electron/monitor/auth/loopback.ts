// The OAuth redirect target: a one-shot listener on 127.0.0.1. It re-binds the port the client was
// registered with (DCR registers the exact redirect URI, port included) and falls back to a free
// port only when that one is taken, in which case the caller must register again.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import {
  CALLBACK_PAGE_CSP,
  callbackPageHtml,
  strayCallbackHtml,
  type CallbackOutcome,
} from './callback-page';

export const CALLBACK_PATH = '/callback';

export interface CallbackListener {
  redirectUri: string;
  port: number;
  /** Resolves with the callback's query; rejects on timeout or abort. */
  waitForCallback(options: { timeoutMs: number; signal?: AbortSignal }): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export class SignInCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInCancelledError';
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

export interface ListenerOptions {
  /**
   * Whether a callback's `state` belongs to this sign-in. Anything else is answered 400 and
   * ignored: any local process can reach the port, and must not end the sign-in it cannot own.
   */
  accepts?: (state: string | null) => boolean;
}

export async function startCallbackListener(
  preferredPort: number,
  options: ListenerOptions = {},
): Promise<CallbackListener> {
  let received: URLSearchParams | undefined;
  let deliver: ((outcome: URLSearchParams | Error) => void) | undefined;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain', connection: 'close' });
      res.end('Not found');
      return;
    }
    if (options.accepts && !options.accepts(url.searchParams.get('state'))) {
      res.writeHead(400, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': CALLBACK_PAGE_CSP,
        connection: 'close',
      });
      res.end(strayCallbackHtml());
      return;
    }
    // Only the OAuth error code is shown: a description is attacker-controlled text.
    const errorCode = url.searchParams.get('error') ?? '';
    const outcome: CallbackOutcome = url.searchParams.has('code')
      ? { ok: true }
      : {
          ok: false,
          error: /^[a-z_]{1,40}$/.test(errorCode)
            ? `CrossTrade answered ${errorCode}`
            : 'CrossTrade did not authorize the monitor',
        };
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CALLBACK_PAGE_CSP,
      connection: 'close',
    });
    res.end(callbackPageHtml(outcome));
    if (received) return; // one answer per sign-in
    received = url.searchParams;
    deliver?.(received);
  });

  let port: number;
  try {
    port = await listen(server, preferredPort);
  } catch {
    port = await listen(server, 0); // the registered port is taken: a new registration follows
  }
  // Not unref'd: while a sign-in waits for the browser, that wait is what the process is for.

  return {
    port,
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    waitForCallback: ({ timeoutMs, signal }) =>
      new Promise<URLSearchParams>((resolve, reject) => {
        if (received) {
          resolve(received);
          return;
        }
        const timer = setTimeout(
          () => finish(new SignInCancelledError('The sign-in was not completed in time.')),
          timeoutMs,
        );
        timer.unref();
        const onAbort = () => finish(new SignInCancelledError('The sign-in was cancelled.'));
        const finish = (outcome: URLSearchParams | Error) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          deliver = undefined;
          if (outcome instanceof Error) reject(outcome);
          else resolve(outcome);
        };
        if (signal?.aborted) {
          onAbort();
          return;
        }
        signal?.addEventListener('abort', onAbort, { once: true });
        deliver = finish;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        // A sign-in that ended another way (an error, a refused consent) stops waiting too.
        deliver?.(new SignInCancelledError('The sign-in was cancelled.'));
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
