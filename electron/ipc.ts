// The only module that touches ipcMain. Every channel of shared/ipc.ts's INVOKE table is
// registered here from one loop: a message whose sender is not our window's main frame showing
// our renderer page is dropped (logged, and the promise rejected: that frame gets no answer);
// everything else is answered by dispatchInvoke, which validates the request, runs the handler
// and always resolves with the `{ ok, value | error }` envelope.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import {
  INVOKE,
  INVOKE_METHODS,
  type InvokeMethod,
  type PayloadOf,
  type PushChannel,
} from '../shared/ipc';
import { dispatchInvoke, type InvokeHandlers } from './handlers/dispatch';
import type { Logger } from './monitor/log';

export type { InvokeHandlers };

/** Decides whether an IPC event comes from our renderer (see WindowController.isTrustedSender). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export class UntrustedSenderError extends Error {
  constructor(channel: string) {
    super(`Dropped ${channel}: the sender is not the monitor window.`);
    this.name = 'UntrustedSenderError';
  }
}

function register(
  method: InvokeMethod,
  handlers: InvokeHandlers,
  isTrusted: SenderCheck,
  log: Logger,
): void {
  const { channel } = INVOKE[method];
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    // Not an envelope: a frame that is not ours is no window of the monitor, so nothing there
    // unwraps an answer, and a bare rejection tells it nothing about main.
    if (!isTrusted(event)) {
      log(
        'warn',
        `Dropped IPC ${channel} from an untrusted sender (${event.senderFrame?.url ?? 'no frame'}).`,
      );
      throw new UntrustedSenderError(channel);
    }
    return dispatchInvoke(handlers, method, args, log);
  });
}

/** Registers one handler per invoke channel; returns a function that removes them all. */
export function registerInvokeHandlers(
  handlers: InvokeHandlers,
  isTrusted: SenderCheck,
  log: Logger,
): () => void {
  for (const method of INVOKE_METHODS) register(method, handlers, isTrusted, log);
  return () => {
    for (const method of INVOKE_METHODS) ipcMain.removeHandler(INVOKE[method].channel);
  };
}

/** Sends a push message to the window. */
export function push<C extends PushChannel>(
  webContents: WebContents,
  channel: C,
  payload: PayloadOf<C>,
): void {
  if (webContents.isDestroyed()) return;
  webContents.send(channel, payload);
}
