// SDK outcomes → CallRecord (shared/health.ts). The SDK's error classes say what failed; the
// recorded exchange adds what it hides (headers, body). Every text that leaves is redacted.
import {
  InsufficientScopeError,
  OAuthClientFlowError,
  OAuthError,
  ProtocolError,
  RegistrationRejectedError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  UnauthorizedError,
} from '@modelcontextprotocol/client';
import type { CallRecord, CallOutcome, RecordedHeaders } from '../../../shared/health';
import { isCertificateCode } from '../../../shared/diagnosis/findings';
import { redact } from '../../../shared/redact';
import type { HttpRecord } from './fetch-wrappers';
import { RefreshUnavailableError } from '../auth/oauth-provider';
import { TokenResponseError } from '../auth/auth-state';
import { responseTooLarge } from './size-cap';

const MESSAGE_CHARS = 400;
const BODY_CHARS = 300;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return redact(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/**
 * errno codes (`ECONNREFUSED`), undici's (`UND_ERR_…`), Node's TLS ones (`ERR_TLS_CERT_ALTNAME_
 * INVALID`, OpenSSL's `SELF_SIGNED_CERT_IN_CHAIN`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`,
 * `CERT_HAS_EXPIRED`…) and a proxy's refusal.
 */
const NETWORK_CODE =
  /^(E[A-Z_]+|UND_ERR_[A-Z_]+|PROXY_REFUSED|[A-Z_]*CERT[A-Z_]*|UNABLE_TO_[A-Z_]+)$/;
/** Chromium's codes in Electron's net.fetch errors: `net::ERR_CERT_AUTHORITY_INVALID`. */
const CHROMIUM_CODE = /net::(ERR_[A-Z_]+)/;

/** The network error code behind `TypeError: fetch failed` (undici or Electron's net.fetch). */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODE.test(code)) return code;
    const chromium = CHROMIUM_CODE.exec(current.message);
    if (chromium) return chromium[1];
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The refused certificate's issuer, when the error carries it or the certificate. */
export function certificateIssuer(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const named = (current as { issuer?: unknown }).issuer;
    if (typeof named === 'string' && named !== '') return named;
    const cert = (current as { cert?: { issuer?: Record<string, unknown> } }).cert;
    const issuer = cert?.issuer;
    if (issuer) {
      const name = [issuer.CN, issuer.O].find((part) => typeof part === 'string' && part !== '');
      if (typeof name === 'string') return name;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isNetworkError(error: unknown): boolean {
  return (
    (error instanceof TypeError && /fetch failed|network/i.test(error.message)) ||
    networkCode(error) !== undefined
  );
}

export function isTimeout(error: unknown): boolean {
  return error instanceof SdkError && error.code === SdkErrorCode.RequestTimeout;
}

/** 404 with JSON-RPC -32001 "Session not found": the server forgot our session. */
export function isSessionLost(error: unknown): boolean {
  if (!(error instanceof SdkHttpError) || error.status !== 404) return false;
  const text = `${String(error.data.text ?? '')} ${error.message}`;
  return /session not found|-32001/i.test(text);
}

/** The response this call is about: the MCP endpoint's, else (auth failures) the last one. */
function relevantRecord(
  records: readonly HttpRecord[],
  serverUrl: string,
  preferAuth: boolean,
): HttpRecord | undefined {
  const target = new URL(serverUrl);
  const mcpUrl = `${target.origin}${target.pathname}`;
  const mcp = records.filter((r) => r.url === mcpUrl);
  const other = records.filter((r) => r.url !== mcpUrl);
  return preferAuth ? (other.at(-1) ?? mcp.at(-1)) : (mcp.at(-1) ?? other.at(-1));
}

interface Classified {
  outcome: CallOutcome;
  status?: number;
  errorCode?: string | number;
  body?: string;
}

function classifyError(error: unknown): Classified {
  // An answer past the size limit was cut off: not valid MCP, whichever request it was.
  if (responseTooLarge(error))
    return { outcome: 'invalid_result', errorCode: 'response_too_large' };
  if (error instanceof RefreshUnavailableError) {
    if (error.status === 0) return { outcome: 'network_error' };
    // 5xx and 429 say the server is struggling; any other non-token answer (a redirect, HTML,
    // broken JSON) says its authorization server is misconfigured.
    return error.status >= 500 || error.status === 429
      ? { outcome: 'http_error', status: error.status }
      : { outcome: 'auth_error', status: error.status };
  }
  if (error instanceof TokenResponseError) return { outcome: 'auth_error' };
  if (error instanceof InsufficientScopeError) {
    return { outcome: 'insufficient_scope', status: 403, errorCode: 'insufficient_scope' };
  }
  if (error instanceof UnauthorizedError) return { outcome: 'unauthorized', status: 401 };
  if (error instanceof RegistrationRejectedError) {
    return { outcome: 'auth_error', status: error.status, body: clip(error.body, BODY_CHARS) };
  }
  if (error instanceof OAuthError) return { outcome: 'auth_error', errorCode: error.code };
  if (error instanceof OAuthClientFlowError)
    return { outcome: 'auth_error', errorCode: error.name };
  if (error instanceof SdkHttpError) {
    const text = typeof error.data.text === 'string' ? error.data.text : '';
    const classified: Classified = { outcome: 'http_error', status: error.status };
    if (text) classified.body = clip(text, BODY_CHARS);
    return classified;
  }
  if (error instanceof ProtocolError) return { outcome: 'rpc_error', errorCode: error.code };
  if (error instanceof SdkError) {
    switch (error.code) {
      case SdkErrorCode.RequestTimeout:
        return { outcome: 'timeout', errorCode: error.code };
      case SdkErrorCode.ClientHttpUnexpectedContent:
        return { outcome: 'unexpected_content', errorCode: error.code };
      case SdkErrorCode.InvalidResult:
        return { outcome: 'invalid_result', errorCode: error.code };
      default:
        return { outcome: 'other_error', errorCode: error.code };
    }
  }
  if (isNetworkError(error)) {
    const code = networkCode(error);
    return code ? { outcome: 'network_error', errorCode: code } : { outcome: 'network_error' };
  }
  // A reply that is not JSON (SyntaxError) or not JSON-RPC (zod's error) never reached a handler.
  if (error instanceof SyntaxError || (error instanceof Error && error.name === 'ZodError')) {
    return { outcome: 'invalid_result', errorCode: error.name };
  }
  return { outcome: 'other_error' };
}

function messageOf(error: unknown): string {
  const tooLarge = responseTooLarge(error);
  if (tooLarge) return tooLarge.message;
  if (error instanceof SyntaxError) return `The reply is not valid JSON (${error.message}).`;
  if (error instanceof Error && error.name === 'ZodError') {
    return 'The reply is not a valid JSON-RPC message.';
  }
  if (error instanceof InsufficientScopeError) {
    const scope = error.requiredScope ? ` (requires ${error.requiredScope})` : '';
    return `insufficient_scope${scope}: ${error.errorDescription ?? error.message}`;
  }
  if (error instanceof Error) {
    const code = networkCode(error);
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** A failed call, classified. */
export function failedCall(
  name: string,
  error: unknown,
  ms: number,
  records: readonly HttpRecord[],
  serverUrl: string,
): CallRecord {
  const classified = classifyError(error);
  const record = relevantRecord(records, serverUrl, classified.outcome === 'auth_error');
  const call: CallRecord = {
    name,
    outcome: classified.outcome,
    ms: Math.round(ms),
    errorClass: error instanceof Error ? error.constructor.name || error.name : typeof error,
    message: clip(messageOf(error), MESSAGE_CHARS),
  };
  // A timeout or network failure has no status of its own (an earlier exchange's would mislead).
  const ownStatus = classified.outcome !== 'timeout' && classified.outcome !== 'network_error';
  const status = classified.status ?? (ownStatus ? record?.status : undefined);
  if (typeof status === 'number' && (status < 200 || status >= 300)) call.status = status;
  if (classified.errorCode !== undefined) call.errorCode = classified.errorCode;
  const body = classified.body ?? record?.body;
  if (body) call.body = body;
  const headers = headersOf(record);
  if (headers) call.headers = headers;
  if (classified.outcome === 'network_error' && isCertificateCode(classified.errorCode)) {
    const issuer = certificateIssuer(error);
    if (issuer) call.issuer = clip(issuer, 120);
  }
  return call;
}

/** Zod's issues as "token_type, expires_in" (field paths only: no server text). */
function zodFields(error: Error): string {
  const issues = (error as { issues?: Array<{ path?: unknown }> }).issues;
  if (!Array.isArray(issues)) return '';
  const paths = issues
    .map((issue) => (Array.isArray(issue.path) ? issue.path.join('.') : ''))
    .filter((path) => /^[\w.]{1,40}$/.test(path));
  return [...new Set(paths)].slice(0, 5).join(', ');
}

/**
 * A failed sign-in, classified. During a sign-in every answer that is not JSON, or not the
 * shape OAuth requires (a token response without `token_type`, HTML from the token endpoint),
 * comes from CrossTrade's authorization server: an auth_error (discovery_failed), with the
 * authorization server's exchange as evidence.
 */
export function failedSignIn(
  error: unknown,
  ms: number,
  records: readonly HttpRecord[],
  serverUrl: string,
): CallRecord {
  const call = failedCall('sign-in', error, ms, records, serverUrl);
  if (call.outcome !== 'invalid_result' && call.outcome !== 'unexpected_content') return call;
  const record = relevantRecord(records, serverUrl, true);
  const fields = error instanceof Error && error.name === 'ZodError' ? zodFields(error) : '';
  const signIn: CallRecord = {
    ...call,
    outcome: 'auth_error',
    message: fields
      ? `The authorization server's answer is not a valid OAuth response (missing or invalid: ${fields}).`
      : `The authorization server's answer is not valid JSON${record?.headers.contentType ? ` (${clip(record.headers.contentType, 80)})` : ''}.`,
  };
  delete signIn.status;
  delete signIn.body;
  delete signIn.headers;
  if (record && (record.status < 200 || record.status >= 300)) signIn.status = record.status;
  if (record?.body) signIn.body = record.body;
  const headers = headersOf(record);
  if (headers) signIn.headers = headers;
  return signIn;
}

function headersOf(record: HttpRecord | undefined): RecordedHeaders | undefined {
  return record && Object.keys(record.headers).length > 0 ? { ...record.headers } : undefined;
}

interface ToolResultLike {
  isError?: boolean;
  content?: unknown;
  structuredContent?: unknown;
}

function firstText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const block of content) {
    const item = block as { type?: unknown; text?: unknown };
    if (item?.type === 'text' && typeof item.text === 'string') return item.text;
  }
  return undefined;
}

/** A call that got an answer: `ok`, or `tool_error` for a result with isError. */
export function answeredCall(
  name: string,
  result: ToolResultLike,
  ms: number,
  records: readonly HttpRecord[],
  serverUrl: string,
): CallRecord {
  const record = relevantRecord(records, serverUrl, false);
  const text = firstText(result.content);
  const call: CallRecord = {
    name,
    outcome: result.isError ? 'tool_error' : 'ok',
    ms: Math.round(ms),
  };
  if (record) call.status = record.status;
  const headers = headersOf(record);
  if (headers) call.headers = headers;
  if (result.isError) {
    // The tool's own error text: redacted, it is evidence shown to the trader.
    if (text !== undefined) {
      call.text = clip(text, MESSAGE_CHARS);
      call.message = call.text;
    }
    return call;
  }
  if (result.structuredContent !== undefined && result.structuredContent !== null) {
    call.result = result.structuredContent;
  }
  if (text !== undefined) call.text = text;
  return call;
}
