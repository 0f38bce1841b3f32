// Evidence: how one call of a check is shown to a trader, in the server's own words where it
// gave any ("GetConnections: HTTP 408 — The CrossTrade Add-On is not connected.").
import type { CallRecord } from '../health';

export function excerpt(text: string | undefined, max = 160): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const DETAIL_KEYS = ['message', 'error_description', 'error'] as const;

/**
 * The server's own words, as a trader can read them: without the SDK's "Error POSTing to
 * endpoint:" wrapper, and the `message` (else `error_description`, `error`) of a JSON body.
 */
function serverWords(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const unwrapped = text.replace(/^Error POSTing to endpoint:\s*/i, '').trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(unwrapped);
  } catch {
    return unwrapped;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const fields = parsed as Record<string, unknown>;
    for (const key of DETAIL_KEYS) {
      const value = fields[key];
      if (typeof value === 'string' && value.trim() !== '') return value;
    }
  }
  return unwrapped;
}

/** "GetConnections: HTTP 408 — addon_disconnected: The CrossTrade Add-On is not connected." */
export function describe(call: CallRecord): string {
  const parts: string[] = [];
  if (typeof call.status === 'number') parts.push(`HTTP ${call.status}`);
  if (call.outcome === 'timeout') {
    parts.push(
      `no answer after ${call.ms < 1000 ? `${call.ms} ms` : `${Math.round(call.ms / 1000)} s`}`,
    );
  }
  if (call.errorCode !== undefined && call.errorCode !== '') parts.push(String(call.errorCode));
  // A bare 403 may say why only in its header (RFC 6750 `error="insufficient_scope"`): show it.
  const challenge = call.headers?.wwwAuthenticate;
  const detail =
    excerpt(serverWords(call.message)) ||
    excerpt(serverWords(call.body)) ||
    excerpt(call.text) ||
    (challenge ? `WWW-Authenticate: ${excerpt(challenge)}` : '');
  const head = parts.length > 0 ? `${call.name}: ${parts.join(' ')}` : call.name;
  return detail ? `${head} — ${detail}` : head;
}
