// Alert channels: where a broken or recovered chain is announced away from the desk. Each channel
// is parsed from one URL and formats the same redacted payload its own way. The URL holds the
// secret (a webhook path, a bot token, an ntfy topic): it is never logged; `name` is its shape.
import { isLoopbackUrl } from '../../../shared/settings';

/**
 * The generic webhook's JSON body (also what every other channel's text is made from).
 * Schema, version 1: `{ schema, kind, level, host, checkedAt, problems: [{ id, level, title,
 * firstStep, detail }], text }`. Every string is plain and redacted.
 */
export interface AlertPayload {
  schema: 'crosstrade-mcp-monitor/alert@1';
  /** `broken`: a problem started; `recovered`: back to ok; `test`: a test alert. */
  kind: 'broken' | 'recovered' | 'test';
  level: 'ok' | 'warning' | 'error' | 'unknown';
  /** The --label of the computer that saw it, else its hostname. */
  host: string;
  checkedAt: string;
  problems: { id: string; level: string; title: string; firstStep: string; detail: string }[];
  /** One line for humans: what happened, where. */
  text: string;
}

export type ChannelKind = 'ntfy' | 'discord' | 'slack' | 'telegram' | 'webhook';

export interface ChannelBases {
  /** ntfy server for `ntfy://topic` (default https://ntfy.sh). */
  ntfyBase?: string;
  /** Telegram Bot API (default https://api.telegram.org). */
  telegramApiBase?: string;
}

export interface AlertChannel {
  kind: ChannelKind;
  /** The URL with its secret part replaced by …: safe for logs and errors. */
  name: string;
  request(payload: AlertPayload): { url: string; init: RequestInit };
}

export class ChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelError';
  }
}

const HINT =
  'Use ntfy://TOPIC, telegram://BOT_TOKEN@CHAT_ID, a Discord or Slack webhook URL, or any https:// URL for JSON.';

function json(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function message(p: AlertPayload): string {
  const lines = [p.text];
  for (const problem of p.problems) {
    lines.push(`• ${problem.title}${problem.firstStep ? ` — ${problem.firstStep}` : ''}`);
  }
  return lines.join('\n');
}

/** Plain http only to this computer: anything else would send the secret in clear. */
function httpUrl(raw: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ChannelError(`${what} is not a valid URL. ${HINT}`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackUrl(url)) return url;
  throw new ChannelError(`${what} must be https:// (http:// only on this computer). ${HINT}`);
}

function ntfy(target: URL, name: string): AlertChannel {
  return {
    kind: 'ntfy',
    name,
    request: (p) => ({
      url: target.href,
      init: {
        method: 'POST',
        headers: {
          // Header values must be ISO-8859-1: keep the title ASCII, the body carries the rest.
          Title: p.text.replace(/[^\x20-\x7e]/g, '?').slice(0, 200),
          Priority: p.kind === 'broken' && p.level === 'error' ? 'high' : 'default',
          Tags: p.kind === 'recovered' ? 'white_check_mark' : 'warning',
          'content-type': 'text/plain; charset=utf-8',
        },
        body: message(p),
      },
    }),
  };
}

/** Parses one --notify URL (or a channel from Settings). Throws ChannelError, never echoing it. */
export function parseChannel(raw: string, bases: ChannelBases = {}): AlertChannel {
  const text = raw.trim();
  const scheme = /^([a-z+]+):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'ntfy') {
    const topic = /^ntfy:\/\/([A-Za-z0-9_-]{1,64})\/?$/i.exec(text)?.[1];
    if (!topic)
      throw new ChannelError(`An ntfy channel needs ntfy://TOPIC (letters, digits, - and _).`);
    const base = httpUrl(bases.ntfyBase ?? 'https://ntfy.sh', 'The ntfy server');
    return ntfy(new URL(encodeURIComponent(topic), base.href.replace(/\/?$/, '/')), 'ntfy://…');
  }
  if (scheme === 'telegram') {
    const m = /^telegram:\/\/(\d+:[A-Za-z0-9_-]+)@(-?\d+|@[A-Za-z0-9_]{5,})$/i.exec(text);
    if (!m) throw new ChannelError('A Telegram channel needs telegram://BOT_TOKEN@CHAT_ID.');
    const [, token, chat] = m;
    const base = httpUrl(bases.telegramApiBase ?? 'https://api.telegram.org', 'The Telegram API');
    // "./": a bare "bot123:…" would parse as a URL scheme.
    const url = new URL(`./bot${token}/sendMessage`, base.href.replace(/\/?$/, '/'));
    return {
      kind: 'telegram',
      name: `telegram://…@${chat}`,
      request: (p) => ({
        url: url.href,
        init: json({ chat_id: chat, text: message(p), disable_web_page_preview: true }),
      }),
    };
  }
  // `slack+https://…` etc. force a format (a relay, a self-hosted ntfy, a test receiver).
  const forced = /^(ntfy|discord|slack|webhook)\+/i.exec(text)?.[1]?.toLowerCase() as
    Exclude<ChannelKind, 'telegram'> | undefined;
  const url = httpUrl(forced ? text.slice(forced.length + 1) : text, 'The alert channel URL');
  const host = url.hostname.toLowerCase();
  const kind: Exclude<ChannelKind, 'telegram'> =
    forced ??
    (host === 'ntfy.sh' || host.startsWith('ntfy.')
      ? 'ntfy'
      : /(^|\.)discord(app)?\.com$/.test(host) && url.pathname.startsWith('/api/webhooks/')
        ? 'discord'
        : host === 'hooks.slack.com'
          ? 'slack'
          : 'webhook');
  const name = `${forced ? `${forced}+` : ''}${url.protocol}//${url.host}/…`;
  if (kind === 'ntfy') return ntfy(url, name);
  if (kind === 'discord') {
    return {
      kind,
      name,
      // Discord caps content at 2000 characters; no pings from a server's text.
      request: (p) => ({
        url: url.href,
        init: json({ content: message(p).slice(0, 2000), allowed_mentions: { parse: [] } }),
      }),
    };
  }
  if (kind === 'slack') {
    return { kind, name, request: (p) => ({ url: url.href, init: json({ text: message(p) }) }) };
  }
  return { kind, name, request: (p) => ({ url: url.href, init: json(p) }) };
}
