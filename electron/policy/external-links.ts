// Pure decision: no Electron, no I/O; the adapters apply it.
//
// What main may hand to the operating system's browser. The window names a link kind, never a URL;
// main maps the kind to CrossTrade's https pages and checks the result against this allow-list.
import {
  ADDON_DOWNLOAD_URL,
  AI_CLIENTS_URL,
  DOCS_URL,
  SUBSCRIPTIONS_URL,
  TROUBLESHOOTING_URL,
} from '../../shared/crosstrade';
import { EXTERNAL_LINKS, type ExternalLink } from '../../shared/ipc';

export const EXTERNAL_LINK_URLS: Readonly<Record<ExternalLink, string>> = Object.freeze({
  ai_clients: AI_CLIENTS_URL,
  subscriptions: SUBSCRIPTIONS_URL,
  docs: DOCS_URL,
  troubleshooting: TROUBLESHOOTING_URL,
  addon_download: ADDON_DOWNLOAD_URL,
});

const ALLOWED_URLS: ReadonlySet<string> = new Set(Object.values(EXTERNAL_LINK_URLS));

function parse(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** True only for an https URL that is, character for character, one of the allow-listed pages. */
export function isAllowedExternalUrl(raw: string): boolean {
  const url = parse(raw);
  return (
    url !== undefined &&
    url.protocol === 'https:' &&
    !url.username &&
    !url.password &&
    url.href === raw &&
    ALLOWED_URLS.has(url.href)
  );
}

/** The allow-listed URL of a link kind, or undefined for anything else (URLs, unknown kinds…). */
export function externalLinkUrl(link: unknown): string | undefined {
  if (typeof link !== 'string' || !(EXTERNAL_LINKS as readonly string[]).includes(link))
    return undefined;
  const url = EXTERNAL_LINK_URLS[link as ExternalLink];
  return isAllowedExternalUrl(url) ? url : undefined;
}

// The sign-in page rule is shared with `doctor login`: https, or http on loopback only.
export { isOpenableSignInUrl } from '../../shared/sign-in-url';
