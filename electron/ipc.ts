// Typed IPC wrappers over shared/ipc.ts. Every invoke handler is registered through
// `registerInvokeHandlers`, which (1) drops any message whose sender is not our window's main
// frame showing our renderer page, (2) validates the request with INVOKE_REQUEST_SCHEMAS, and only
// then (3) runs the handler, (4) turning whatever it throws into a plain Error with a redacted
// message. A channel without a handler does not compile.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { INVOKE_REQUEST_SCHEMAS } from '../shared/ipc-schemas';
import {
  INVOKE_CHANNELS,
  type InvokeChannel,
  type InvokeContract,
  type PushChannel,
  type PushContract,
} from '../shared/ipc';
import { redact } from '../shared/redact';
import type { Logger } from './monitor/log';

export type InvokeHandler<C extends InvokeChannel> = (
  request: InvokeContract[C]['request'],
) => InvokeContract[C]['response'] | Promise<InvokeContract[C]['response']>;

export type InvokeHandlers = { [C in InvokeChannel]: InvokeHandler<C> };

/** Decides whether an IPC event comes from our renderer (see WindowController.isTrustedSender). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Dropped ${channel}: the sender is not the monitor window.`);
    this.name = 'UntrustedSenderError';
  }
}

export class InvalidRequestError extends Error {
  constructor(channel: string) {
    super(`Rejected ${channel}: invalid request.`);
    this.name = 'InvalidRequestError';
  }
}

function register<C extends InvokeChannel>(
  channel: C,
  handler: InvokeHandler<C>,
  isTrusted: SenderCheck,
  log: Logger,
): void {
  const schema = INVOKE_REQUEST_SCHEMAS[channel];
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrusted(event)) {
      log(
        'warn',
        `Dropped IPC ${channel} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'}).`,
      );
      throw new UntrustedSenderError(channel);
    }
    if (args.length > 1) throw new InvalidRequestError(channel);
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      log(
        'warn',
        `Rejected IPC ${channel}: ${parsed.error.issues[0]?.message ?? 'invalid request'}.`,
      );
      throw new InvalidRequestError(channel);
    }
    try {
      return await handler(parsed.data);
    } catch (error) {
      // Electron passes the error's text to the renderer: send a redacted message and nothing
      // else (no stack, no cause, no properties of the original error).
      const message = redact(error instanceof Error ? error.message : String(error));
      log('warn', `IPC ${channel} failed: ${message}`);
      throw new Error(message);
    }
  });
}

/** Registers one handler per invoke channel; returns a function that removes them all. */
export function registerInvokeHandlers(
  handlers: InvokeHandlers,
  isTrusted: SenderCheck,
  log: Logger,
): () => void {
  for (const channel of INVOKE_CHANNELS) {
    // A generic helper keeps each channel paired with its own handler and request type.
    registerOne(channel, handlers, isTrusted, log);
  }
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}

function registerOne<C extends InvokeChannel>(
  channel: C,
  handlers: InvokeHandlers,
  isTrusted: SenderCheck,
  log: Logger,
): void {
  register(channel, handlers[channel], isTrusted, log);
}

/** Sends a push message to the window. */
export function push<C extends PushChannel>(
  webContents: WebContents,
  channel: C,
  payload: PushContract[C],
): void {
  if (webContents.isDestroyed()) return;
  webContents.send(channel, payload);
}
