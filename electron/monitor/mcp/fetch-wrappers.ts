// Wrappers composed into the SDK transport's `fetch` option, which the SDK uses for every request
// (MCP, discovery, registration, token). They keep what the SDK hides from callers (response
// headers), defuse the refresh race, and refuse the standalone GET stream a poller never needs.
import { createHash } from 'node:crypto';
import type { FetchLike } from '@modelcontextprotocol/client';
import type { RecordedHeaders } from '../../../shared/health';
import { redact } from '../../../shared/redact';

/** One HTTP exchange as the monitor saw it: never a request header, never a token. */
export interface HttpRecord {
  /** Increasing per recorder; lets a caller pick the exchanges of one call. */
  seq: number;
  method: string;
  /** Origin and path only (a query can carry a code or state). */
  url: string;
  status: number;
  headers: RecordedHeaders;
  /** Short, redacted body excerpt of a failed or non-MCP response. */
  body?: string;
  /** Local time the response headers arrived (ms since epoch, real clock). */
  receivedAt: number;
}

const BODY_EXCERPT_CHARS = 300;
const RECORD_LIMIT = 200;

export interface Recorder {
  readonly fetch: (base: FetchLike) => FetchLike;
  /** Exchanges with `seq` greater than `since`, oldest first. */
  since(since: number): HttpRecord[];
  /** The newest `seq` handed out (0 before any exchange). */
  readonly lastSeq: number;
}

function methodOf(init?: RequestInit): string {
  return (init?.method ?? 'GET').toUpperCase();
}

function urlOf(input: string | URL): URL {
  return new URL(String(input));
}

function headerOf(init: RequestInit | undefined, name: string): string {
  return new Headers(init?.headers).get(name) ?? '';
}

function pickHeaders(res: Response): RecordedHeaders {
  const picked: RecordedHeaders = {};
  const date = res.headers.get('date');
  const retryAfter = res.headers.get('retry-after');
  const wwwAuthenticate = res.headers.get('www-authenticate');
  const contentType = res.headers.get('content-type');
  const location = res.headers.get('location');
  if (date) picked.date = date;
  if (retryAfter) picked.retryAfter = retryAfter;
  // A challenge carries no secret, and redact() would blank `Bearer resource_metadata=…`.
  if (wwwAuthenticate) picked.wwwAuthenticate = wwwAuthenticate.slice(0, BODY_EXCERPT_CHARS);
  if (contentType) picked.contentType = contentType;
  if (location) picked.location = stripQuery(location);
  return picked;
}

function stripQuery(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}`;
  } catch {
    return raw.split('?')[0] ?? '';
  }
}

/** MCP answers are JSON or SSE; anything else (HTML above all) is worth an excerpt. */
function wantsExcerpt(res: Response): boolean {
  if (!res.ok) return true;
  const type = res.headers.get('content-type') ?? '';
  return !/application\/json|text\/event-stream/i.test(type) && res.status !== 204;
}

async function excerpt(res: Response): Promise<string | undefined> {
  try {
    const text = await res.clone().text();
    const flat = text.replace(/\s+/g, ' ').trim();
    if (!flat) return undefined;
    return redact(
      flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…` : flat,
    );
  } catch {
    return undefined;
  }
}

/** Keeps status, the headers the SDK hides, and a redacted body excerpt of every response. */
export function createRecorder(): Recorder {
  const records: HttpRecord[] = [];
  let seq = 0;
  return {
    get lastSeq() {
      return seq;
    },
    since: (since) => records.filter((r) => r.seq > since),
    fetch: (base) => async (input, init) => {
      const res = await base(input, init);
      const url = urlOf(input);
      const record: HttpRecord = {
        seq: ++seq,
        method: methodOf(init),
        url: `${url.origin}${url.pathname}`,
        status: res.status,
        headers: pickHeaders(res),
        receivedAt: Date.now(),
      };
      // Bodies of failures and non-MCP answers are complete and small; an open SSE stream
      // (a hanging tool call) is never read here.
      if (wantsExcerpt(res)) {
        const body = await excerpt(res);
        if (body) record.body = body;
      }
      records.push(record);
      if (records.length > RECORD_LIMIT) records.splice(0, records.length - RECORD_LIMIT);
      return res;
    },
  };
}

/**
 * Answers the optional standalone GET SSE stream locally with 405, which the SDK reads as
 * "no stream". A poller needs no server push, and that long-lived GET is what races a POST for
 * the refresh token when the access token dies (mcp-sdk-notes.md).
 */
export function refuseStandaloneGet(serverUrl: string): (base: FetchLike) => FetchLike {
  const target = stripQuery(serverUrl);
  return (base) => async (input, init) => {
    const isStream =
      methodOf(init) === 'GET' &&
      /text\/event-stream/i.test(headerOf(init, 'accept')) &&
      stripQuery(urlOf(input).href) === target;
    if (isStream) {
      return new Response(null, {
        status: 405,
        statusText: 'Method Not Allowed',
        headers: { allow: 'POST, DELETE' },
      });
    }
    return base(input, init);
  };
}

export interface RefreshEvent {
  ok: boolean;
  status: number;
  /** OAuth `error` code of a failed refresh, when the body had one. */
  error?: string;
}

/** How long a finished refresh answers latecomers holding the same (now spent) refresh token. */
const REFRESH_REUSE_MS = 60_000;

function refreshTokenOf(init: RequestInit | undefined): string | undefined {
  const body = init?.body;
  let params: URLSearchParams | undefined;
  if (body instanceof URLSearchParams) params = body;
  else if (typeof body === 'string') params = new URLSearchParams(body);
  if (!params || params.get('grant_type') !== 'refresh_token') return undefined;
  return params.get('refresh_token') ?? undefined;
}

/**
 * Single-flight refresh: every refresh_token grant carrying the same refresh token shares one
 * request and one answer. Without it, two requests that both saw the access token die refresh
 * with the same rotating refresh token; the loser gets invalid_grant and the SDK throws away the
 * winner's fresh tokens, forcing a needless sign-in.
 */
export function singleFlightRefresh(
  onRefresh: (event: RefreshEvent) => void = () => {},
): (base: FetchLike) => FetchLike {
  const flights = new Map<string, { response: Promise<Response>; settledAt?: number }>();
  const forgetOld = () => {
    const now = Date.now();
    for (const [key, flight] of flights) {
      if (flight.settledAt !== undefined && now - flight.settledAt > REFRESH_REUSE_MS) {
        flights.delete(key);
      }
    }
  };
  return (base) => async (input, init) => {
    const refreshToken = methodOf(init) === 'POST' ? refreshTokenOf(init) : undefined;
    if (!refreshToken) return base(input, init);
    forgetOld();
    let flight = flights.get(refreshToken);
    if (!flight) {
      const started = { response: base(input, init) } as {
        response: Promise<Response>;
        settledAt?: number;
      };
      flight = started;
      flights.set(refreshToken, started);
      started.response.then(
        async (res) => {
          started.settledAt = Date.now();
          onRefresh({ ok: res.ok, status: res.status, ...(await oauthError(res)) });
        },
        () => {
          // A network failure is not an answer: the next attempt may try again.
          flights.delete(refreshToken);
          onRefresh({ ok: false, status: 0 });
        },
      );
    }
    // Every caller reads its own copy; the original body is never consumed.
    return (await flight.response).clone();
  };
}

async function oauthError(res: Response): Promise<{ error?: string }> {
  if (res.ok) return {};
  try {
    const parsed: unknown = await res.clone().json();
    const error = (parsed as { error?: unknown }).error;
    return typeof error === 'string' ? { error: error.slice(0, 60) } : {};
  } catch {
    return {};
  }
}

/** Applies wrappers outermost first: compose(a, b)(fetch) = a(b(fetch)). */
export function composeFetch(
  base: FetchLike,
  ...wrappers: Array<(inner: FetchLike) => FetchLike>
): FetchLike {
  return wrappers.reduceRight<FetchLike>((inner, wrap) => wrap(inner), base);
}

/** A short fingerprint of a bearer token: lets code compare tokens without keeping them around. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 16);
}

/**
 * Remembers which access token each response answered (as a fingerprint). A 401 for a token that
 * was already replaced needs no refresh of its own: the request is simply retried.
 */
export function bearerMemory(): {
  fetch: (base: FetchLike) => FetchLike;
  usedBy: (response: Response) => string | undefined;
} {
  const used = new WeakMap<Response, string>();
  return {
    usedBy: (response) => used.get(response),
    fetch: (base) => async (input, init) => {
      const res = await base(input, init);
      const auth = new Headers(init?.headers).get('authorization');
      const token = auth && /^bearer\s+(\S+)/i.exec(auth)?.[1];
      if (token) used.set(res, tokenFingerprint(token));
      return res;
    },
  };
}
