// Answers one invoke for a handler table: validates the request with its channel's schema, runs
// the handler and wraps the outcome in the IPC envelope. Everything that goes wrong becomes
// `{ ok: false, error }` with one short, redacted line (never a stack, a cause or an error's
// properties), and a log line. No electron import: main's ipc.ts and the browser harness both
// answer through this.
import type { z } from 'zod';
import {
  INVOKE,
  type InvokeMethod,
  type InvokeTable,
  type IpcResult,
  type RequestIn,
  type ResponseIn,
} from '../../shared/ipc';
import { INVOKE_REQUEST_SCHEMAS } from '../../shared/ipc-schemas';
import { redact } from '../../shared/redact';
import type { Logger } from '../monitor/log';

/** One handler per channel of `T`: takes the validated request, returns the response. */
export type HandlersFor<T extends InvokeTable> = {
  readonly [M in keyof T]: (
    request: RequestIn<T, M>,
  ) => ResponseIn<T, M> | Promise<ResponseIn<T, M>>;
};

export type InvokeHandlers = HandlersFor<typeof INVOKE>;

/** The longest error line the window gets; the rest stays in the log. */
const MAX_ERROR_LENGTH = 300;

/** One line, redacted and bounded: what a trader may read of an error. */
export function errorLine(text: string): string {
  const line = redact(text.split('\n')[0]?.trim() ?? '');
  if (line === '') return 'Something went wrong in the monitor.';
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const field = issue.path.map(String).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}

/**
 * Runs `method`'s handler on `args` (what the window passed after the channel). A channel takes
 * at most one argument, and it must pass the channel's schema before the handler sees it.
 */
export async function dispatchInvoke(
  handlers: InvokeHandlers,
  method: InvokeMethod,
  args: readonly unknown[],
  log: Logger,
): Promise<IpcResult<unknown>> {
  const { channel } = INVOKE[method];
  if (args.length > 1) {
    log('warn', `Rejected IPC ${channel}: ${args.length} arguments.`);
    return { ok: false, error: `Rejected ${channel}: invalid request (too many arguments).` };
  }
  const parsed = INVOKE_REQUEST_SCHEMAS[method].safeParse(args[0]);
  if (!parsed.success) {
    const issue = errorLine(firstIssue(parsed.error));
    log('warn', `Rejected IPC ${channel}: ${issue}.`);
    return { ok: false, error: issue };
  }
  try {
    // The schema of `method` produced the request of `method`; TS cannot pair the two through
    // the union of methods, hence the cast to the handler's own parameter.
    const handler = handlers[method] as (request: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const message = errorLine(error instanceof Error ? error.message : String(error));
    log('warn', `IPC ${channel} failed: ${message}`);
    return { ok: false, error: message };
  }
}
