// Completes an OAuth authorization without a browser, for the simulator only: fetch the authorize
// URL without following redirects, then follow the redirect chain to our loopback callback. The
// simulator's authorize endpoint consents on the user's behalf; a real server would show a page.
import { isLoopbackUrl } from '../../../shared/settings';
import { callWithin } from '../mcp/fetch-wrappers';

export class AutoConsentRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AutoConsentRefusedError';
  }
}

const MAX_HOPS = 5;
const HOP_TIMEOUT_MS = 10_000;

export interface AutoConsentOptions {
  /** Each hop answers in full within this (default 10 s). */
  timeoutMs?: number;
  /** Ends a pending hop (Ctrl-C): nothing of a cancelled sign-in keeps the process alive. */
  signal?: AbortSignal;
}

/** True for http(s) URLs on this machine (127.0.0.1, localhost, ::1). */
export function isLoopback(raw: string): boolean {
  try {
    return isLoopbackUrl(new URL(raw));
  } catch {
    return false;
  }
}

/** An `openUrl` for signIn that consents by itself. Refuses anything off this machine. */
export function autoConsent(
  fetchFn: typeof fetch = fetch,
  options: AutoConsentOptions = {},
): (url: string) => Promise<void> {
  const limits = {
    timeoutMs: options.timeoutMs ?? HOP_TIMEOUT_MS,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return async (authorizeUrl) => {
    let url = authorizeUrl;
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      if (!isLoopback(url)) {
        throw new AutoConsentRefusedError(
          'Automatic consent only works with a server on this computer (the simulator); ' +
            'sign in with a browser for anything else.',
        );
      }
      const res = await callWithin(
        (input, init) => fetchFn(input, init),
        url,
        { redirect: 'manual' },
        limits,
      );
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url).href;
        continue;
      }
      if (!res.ok) throw new Error(`The authorization page answered HTTP ${res.status}.`);
      return; // reached the callback (or a page that ends the chain)
    }
    throw new Error('Too many redirects during automatic consent.');
  };
}
