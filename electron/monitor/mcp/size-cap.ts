// A size limit on every response the monitor reads (MCP, OAuth metadata, registration, tokens).
// Without it a server can answer with hundreds of megabytes: memory grows several times the body,
// and parsing and redacting it pins the CPU for minutes.
import type { FetchLike } from '@modelcontextprotocol/client';
import { copyResponse } from './fetch-wrappers';

/** No answer the monitor needs comes near this: capabilities, tokens and metadata are a few kB. */
export const RESPONSE_LIMIT_BYTES = 1024 * 1024;

/** The JSON-RPC error a capped SSE stream ends with (see capSse). */
export const RESPONSE_TOO_LARGE_CODE = -32099;

function megabytes(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / (1024 * 1024)))} MB`;
}

/** What the trader reads: how much the server sent (when it said) and what the limit is. */
export function tooLargeMessage(limit: number, declared?: number): string {
  const sent = declared !== undefined ? megabytes(declared) : `more than ${megabytes(limit)}`;
  return `the server sent ${sent}; the limit is ${megabytes(limit)}`;
}

export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(
    readonly limit: number,
    readonly declared?: number,
  ) {
    super(tooLargeMessage(limit, declared));
  }
}

/**
 * The size-limit failure behind `error`, if that is what it is: our own error (possibly wrapped
 * as a `cause`), or the JSON-RPC error a capped SSE stream ended with.
 */
export function responseTooLarge(error: unknown): { message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof ResponseTooLargeError) return { message: current.message };
    const data = (current as { code?: unknown; data?: unknown }).data;
    if (
      (current as { code?: unknown }).code === RESPONSE_TOO_LARGE_CODE &&
      typeof data === 'object' &&
      data !== null &&
      (data as { responseTooLarge?: unknown }).responseTooLarge === true
    ) {
      return { message: tooLargeMessage(RESPONSE_LIMIT_BYTES) };
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Statuses whose Response may not carry a body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** The request's JSON-RPC id, when the body is one JSON-RPC request. */
function rpcIdOf(init: RequestInit | undefined): string | number | undefined {
  if (typeof init?.body !== 'string') return undefined;
  try {
    const id = (JSON.parse(init.body) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a complete answer into memory, refusing it past `limit` bytes. */
async function readCapped(res: Response, body: ReadableStream<Uint8Array>, limit: number) {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return copyResponse(res, bytes);
}

/**
 * An SSE answer streams (a tool call may stay open), so it is counted as it arrives. Past the
 * limit the stream ends with a JSON-RPC error for the request: the SDK reports a broken event
 * stream only to its error hook, and the call would otherwise wait for its timeout.
 */
function capSse(
  res: Response,
  body: ReadableStream<Uint8Array>,
  limit: number,
  id: string | number | undefined,
): Response {
  let total = 0;
  const capped = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total <= limit) {
          controller.enqueue(chunk);
          return;
        }
        if (id === undefined) {
          controller.error(new ResponseTooLargeError(limit));
          return;
        }
        const error = {
          jsonrpc: '2.0',
          id,
          error: {
            code: RESPONSE_TOO_LARGE_CODE,
            message: tooLargeMessage(limit),
            data: { responseTooLarge: true },
          },
        };
        // A blank line first ends whatever event the cut left half-written.
        controller.enqueue(
          new TextEncoder().encode(`\n\nevent: message\ndata: ${JSON.stringify(error)}\n\n`),
        );
        // Ends the stream here and cancels the rest of the download.
        controller.terminate();
      },
    }),
  );
  return copyResponse(res, capped);
}

/** Caps every response body at `limit` bytes (default 1 MB). */
export function capResponseSize(
  limit: number = RESPONSE_LIMIT_BYTES,
): (base: FetchLike) => FetchLike {
  return (base) => async (input, init) => {
    const res = await base(input, init);
    const body = res.body;
    // A Response cannot be rebuilt with these statuses; none of them carries an MCP answer.
    if (!body || NULL_BODY.has(res.status) || res.status < 200 || res.status > 599) return res;
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      await body.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(limit, declared);
    }
    const type = res.headers.get('content-type') ?? '';
    if (res.ok && /^\s*text\/event-stream/i.test(type)) {
      return capSse(res, body, limit, rpcIdOf(init));
    }
    return readCapped(res, body, limit);
  };
}
