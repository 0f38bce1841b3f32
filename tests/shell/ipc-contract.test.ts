// The IPC table's compile-time guarantees, checked by `tsc -p tsconfig.node.json`: each
// `@ts-expect-error` below fails the typecheck if the line it marks ever compiles, i.e. if a
// channel could be added to the table without its schema, its handler or its bridge method.
// The runtime half checks that what is derived from the table really covers it.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { HandlersFor, InvokeHandlers } from '../../electron/handlers/dispatch';
import { createInvokeHandlers } from '../../electron/handlers/invoke-handlers';
import {
  INVOKE,
  INVOKE_CHANNELS,
  INVOKE_METHODS,
  invokeMethodOf,
  type InvokeSpec,
  type MonitorBridge,
} from '../../shared/ipc';
import { INVOKE_REQUEST_SCHEMAS, type RequestSchemas } from '../../shared/ipc-schemas';

/** The table with one more channel, as a developer would add it. */
type WithPing = typeof INVOKE & { ping: InvokeSpec<'monitor:ping', string, number> };

// A channel without a request schema does not compile.
// @ts-expect-error the `ping` schema is missing
INVOKE_REQUEST_SCHEMAS satisfies RequestSchemas<WithPing>;
// With one, it does.
({ ...INVOKE_REQUEST_SCHEMAS, ping: z.string() }) satisfies RequestSchemas<WithPing>;
// A schema must produce the channel's own request type.
// @ts-expect-error a number schema for a string request
({ ...INVOKE_REQUEST_SCHEMAS, ping: z.number() }) satisfies RequestSchemas<WithPing>;

/** For the compiler only: never called, since a bridge and handlers exist only in a running app. */
export function compileTimeChecks(handlers: InvokeHandlers, bridge: MonitorBridge): void {
  // A channel without a handler does not compile.
  // @ts-expect-error the `ping` handler is missing
  handlers satisfies HandlersFor<WithPing>;
  ({ ...handlers, ping: (request: string) => request.length }) satisfies HandlersFor<WithPing>;
  // A handler must answer with the channel's response type.
  // @ts-expect-error a string response where the contract says number
  ({ ...handlers, ping: (request: string) => request }) satisfies HandlersFor<WithPing>;

  // The handler module builds a complete table, or it does not compile.
  createInvokeHandlers satisfies (...args: never[]) => InvokeHandlers;

  // The bridge has one method per channel, typed by the table: a void request takes no argument,
  // and every answer is the envelope.
  // @ts-expect-error checkNow takes no request
  void bridge.checkNow('now');
  // @ts-expect-error pauseNotifications needs its request
  void bridge.pauseNotifications();
  bridge.getSettings satisfies () => Promise<
    { ok: true; value: { intervalSec: number } } | { ok: false; error: string }
  >;
}

describe('the IPC table', () => {
  it('names each channel once, and every derived list covers it', () => {
    expect(new Set(INVOKE_CHANNELS).size).toBe(INVOKE_METHODS.length);
    expect(Object.keys(INVOKE_REQUEST_SCHEMAS).sort()).toEqual([...INVOKE_METHODS].sort());
    for (const method of INVOKE_METHODS) {
      expect(invokeMethodOf(INVOKE[method].channel)).toBe(method);
    }
    expect(invokeMethodOf('monitor:unknown')).toBeUndefined();
  });
});
