// Wrappers composed into the SDK transport's `fetch` option, which the SDK uses for every request
// (MCP, discovery, registration, token). They keep what the SDK hides from callers (response
// headers), defuse the refresh race, and refuse the standalone GET stream a poller never needs.
import { createHash } from 'node:crypto';
import type { FetchLike } from '@modelcontextprotocol/client';
import type { RecordedHeaders } from '../../../shared/health';
import { redact } from '../../../shared/redact';
import { isSecureSignInUrl, withoutQuery } from '../../../shared/sign-in-url';

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
 * the refresh token when the access token dies (with rotation, the loser's invalid_grant would
 * wipe the winner's fresh tokens).
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
  /** The token endpoint gave no complete answer within this many ms. */
  timedOutMs?: number;
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
/** A token-endpoint answer that settles the refresh: tokens (JSON 2xx) or an OAuth 400/401. */
function decisive(res: Response): boolean {
  const json = /json/i.test(res.headers.get('content-type') ?? '');
  return json && (res.ok || res.status === 400 || res.status === 401);
}

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
          // Only an answer that decides (new tokens, or an OAuth refusal) is replayed to a
          // latecomer; a 5xx, a redirect or a login page must not outlive the server's repair.
          if (!decisive(res)) flights.delete(refreshToken);
          onRefresh({ ok: res.ok, status: res.status, ...(await oauthError(res)) });
        },
        (error: unknown) => {
          // A network failure or a timeout is not an answer: the next attempt may try again.
          flights.delete(refreshToken);
          onRefresh({
            ok: false,
            status: 0,
            ...(error instanceof OAuthTimeoutError ? { timedOutMs: error.timeoutMs } : {}),
          });
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

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

// The errors below are TypeErrors, like a network failure: the SDK passes those on, where any
// other error in protected-resource discovery makes it quietly try the next discovery URL.

/** An OAuth request that got no complete answer within the call timeout. */
export class OAuthTimeoutError extends TypeError {
  /** Read as a network failure (network_unreachable), with the reason in the message. */
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly timeoutMs: number,
    target: string,
  ) {
    super(`CrossTrade's sign-in server did not answer within ${seconds(timeoutMs)} (${target}).`);
    this.name = 'OAuthTimeoutError';
  }
}

/** An OAuth request abandoned because the monitor stopped or the sign-in was cancelled. */
export class OAuthCancelledError extends TypeError {
  constructor(target: string) {
    super(`The request to CrossTrade's sign-in server was cancelled (${target}).`);
    this.name = 'OAuthCancelledError';
  }
}

/** A sign-in URL that is plain http off this computer: refused before anything is sent. */
export class InsecureSignInUrlError extends TypeError {
  constructor(
    readonly url: string,
    readonly role: string,
  ) {
    super(`CrossTrade's sign-in must use https; the server named ${url} for ${role}.`);
    this.name = 'InsecureSignInUrlError';
  }
}

/** Callbacks waiting on a signal: one listener per signal, whatever the number of calls. */
const waiting = new WeakMap<AbortSignal, { callbacks: Set<() => void>; listener: () => void }>();

/**
 * Runs `callback` when `signal` aborts; the returned function unlinks it. Calls in flight share
 * one listener, removed with the last of them: a long-lived signal (the engine's) never collects
 * listeners, however many calls run at once or back to back.
 */
export function onAbortOf(signal: AbortSignal, callback: () => void): () => void {
  let entry = waiting.get(signal);
  if (!entry) {
    const callbacks = new Set<() => void>();
    const listener = () => {
      waiting.delete(signal);
      for (const run of [...callbacks]) run();
    };
    entry = { callbacks, listener };
    waiting.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  const { callbacks, listener } = entry;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && waiting.get(signal)?.callbacks === callbacks) {
      waiting.delete(signal);
      signal.removeEventListener('abort', listener);
    }
  };
}

/** Statuses whose response may not carry a body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

export interface CallLimits {
  timeoutMs: number;
  /** Long-lived (the engine's stop signal): linked for this call only, unlinked when it settles. */
  signal?: AbortSignal;
}

/**
 * One request, answered in full (headers and body) within `timeoutMs`, or aborted by either
 * signal. The body is read here, under the deadline: a trickled answer fails like a silent one.
 * The timer and every listener are removed when the call settles.
 */
export async function callWithin(
  base: FetchLike,
  input: string | URL,
  init: RequestInit | undefined,
  limits: CallLimits,
): Promise<Response> {
  const target = `${methodOf(init)} ${urlOf(input).pathname}`;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new OAuthTimeoutError(limits.timeoutMs, target)),
    limits.timeoutMs,
  );
  // A caller's own timeout or cancellation passes through as it is; any other abort is a cancel.
  const reasonOf = (source: AbortSignal): Error =>
    source.reason instanceof OAuthTimeoutError || source.reason instanceof OAuthCancelledError
      ? source.reason
      : new OAuthCancelledError(target);
  const unlinks: Array<() => void> = [];
  for (const source of [init?.signal, limits.signal]) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(reasonOf(source));
      break;
    }
    unlinks.push(onAbortOf(source, () => controller.abort(reasonOf(source))));
  }
  try {
    if (controller.signal.aborted) throw controller.signal.reason;
    const res = await base(input, { ...init, signal: controller.signal });
    const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
    return new Response(body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  } catch (error) {
    throw controller.signal.aborted ? (controller.signal.reason as Error) : error;
  } finally {
    clearTimeout(timer);
    for (const unlink of unlinks) unlink();
  }
}

const PROTECTED_RESOURCE = /\/\.well-known\/oauth-protected-resource/;
const AS_METADATA = /\/\.well-known\/(oauth-authorization-server|openid-configuration)/;

function bodyText(init: RequestInit | undefined): string {
  const body = init?.body;
  return body instanceof URLSearchParams ? body.toString() : typeof body === 'string' ? body : '';
}

/** What a request is for, in the trader's words (for a refusal). */
function roleOf(url: URL, init: RequestInit | undefined, mcpUrl: string): string {
  if (withoutQuery(url) === mcpUrl) return 'the MCP address';
  if (PROTECTED_RESOURCE.test(url.pathname)) return 'its protected-resource metadata';
  if (AS_METADATA.test(url.pathname)) return 'its authorization-server metadata';
  const body = bodyText(init);
  if (/(^|&)grant_type=/.test(body)) return 'its token endpoint';
  if (/(^|&)token_type_hint=/.test(body)) return 'its revocation endpoint';
  if (/"redirect_uris"/.test(body)) return 'its registration endpoint';
  return 'a sign-in request';
}

function refuseInsecure(raw: string, role: string): void {
  if (!isSecureSignInUrl(raw))
    throw new InsecureSignInUrlError(redact(withoutQuery(raw) || raw), role);
}

/**
 * Every URL a discovery document names that the SDK may fetch or open next: refused on arrival,
 * so nothing (no metadata fetch, no registration) is sent to an http endpoint off this computer.
 */
async function refuseInsecureMetadata(url: URL, res: Response): Promise<void> {
  const isResource = PROTECTED_RESOURCE.test(url.pathname);
  if (!res.ok || (!isResource && !AS_METADATA.test(url.pathname))) return;
  let doc: unknown;
  try {
    doc = await res.clone().json();
  } catch {
    return; // not JSON: the SDK reports it
  }
  if (typeof doc !== 'object' || doc === null) return;
  const fields = doc as Record<string, unknown>;
  if (isResource) {
    const servers = Array.isArray(fields.authorization_servers) ? fields.authorization_servers : [];
    for (const server of servers) {
      if (typeof server === 'string') refuseInsecure(server, 'its authorization server');
    }
    return;
  }
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' && (key === 'issuer' || key.endsWith('_endpoint'))) {
      refuseInsecure(value, `its ${key}`);
    }
  }
}

export interface OAuthGuardOptions extends CallLimits {
  /** The MCP URL: its requests are timed by the SDK (a tool call may stream). */
  serverUrl: string;
}

/**
 * Every request: https, or http on this computer only. Every OAuth request (discovery,
 * registration, token, revocation): answered within the call timeout, aborted when the monitor
 * stops, and its discovery documents checked for plain-http endpoints before anything follows
 * them.
 */
export function guardOAuth(options: OAuthGuardOptions): (base: FetchLike) => FetchLike {
  const mcpUrl = withoutQuery(options.serverUrl);
  return (base) => async (input, init) => {
    const url = urlOf(input);
    refuseInsecure(url.href, roleOf(url, init, mcpUrl));
    if (withoutQuery(url) === mcpUrl) return base(input, init);
    const res = await callWithin(base, input, init, options);
    await refuseInsecureMetadata(url, res);
    return res;
  };
}

/** Statuses the Response constructor refuses, or refuses a body for: passed on as they are. */
function rebuildable(res: Response): boolean {
  return res.body !== null && !NULL_BODY.has(res.status) && res.status >= 200 && res.status <= 599;
}

/**
 * Gives every request a signal of its own, linked to the caller's while the call lasts (until
 * its body is read, cancelled or fails). The SDK hands each request its transport's long-lived
 * signal, and fetch leaves a listener on the signal it gets until the request is garbage
 * collected: with back-to-back checks they pile up on that one signal. Links share one listener
 * per caller signal, so however many calls are open, the long-lived signal holds one.
 */
export function signalPerCall(): (base: FetchLike) => FetchLike {
  return (base) => async (input, init) => {
    const outer = init?.signal;
    if (!outer) return base(input, init);
    const controller = new AbortController();
    if (outer.aborted) controller.abort(outer.reason);
    let linked = outer.aborted ? undefined : onAbortOf(outer, () => controller.abort(outer.reason));
    const unlink = () => {
      linked?.();
      linked = undefined;
    };
    let res: Response;
    try {
      res = await base(input, { ...init, signal: controller.signal });
    } catch (error) {
      unlink();
      throw error;
    }
    if (!rebuildable(res) || !res.body) {
      unlink();
      return res;
    }
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(stream) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            unlink();
            stream.close();
          } else {
            stream.enqueue(value);
          }
        } catch (error) {
          unlink();
          stream.error(error);
        }
      },
      async cancel(reason) {
        unlink();
        await reader.cancel(reason).catch(() => undefined);
      },
    });
    return copyResponse(res, body);
  };
}

/** `original` with another body: status, headers, and where it came from (redirect handling). */
export function copyResponse(
  original: Response,
  body: ConstructorParameters<typeof Response>[0],
): Response {
  const copy = new Response(body, {
    status: original.status,
    statusText: original.statusText,
    headers: original.headers,
  });
  Object.defineProperty(copy, 'url', { value: original.url });
  Object.defineProperty(copy, 'redirected', { value: original.redirected });
  return copy;
}
