// Which sign-in URLs the monitor may fetch or hand to a browser: https, or http on this computer
// (the simulator). One rule for the app's opener, `doctor login` and every OAuth request.
import { isLoopbackUrl } from './settings-rules';

function parse(raw: string | URL): URL | undefined {
  try {
    return new URL(String(raw));
  } catch {
    return undefined;
  }
}

/** https, or http on loopback only; never credentials in the URL. */
export function isSecureSignInUrl(raw: string | URL): boolean {
  const url = parse(raw);
  if (!url || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url));
}

/**
 * The OAuth authorization page the engine asks to open. Its host comes from the server's
 * metadata, so it cannot be a fixed list; never `file:`, `javascript:`, `smb:` or an app protocol.
 */
export function isOpenableSignInUrl(raw: string): boolean {
  return isSecureSignInUrl(raw);
}

/** Origin and path of a URL (its query can carry a code, a state or a token). */
export function withoutQuery(raw: string | URL): string {
  const url = parse(raw);
  return url ? `${url.protocol}//${url.host}${url.pathname}` : '';
}
