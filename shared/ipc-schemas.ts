// Validators for every invoke request, keyed by the same table as shared/ipc.ts: main runs them
// before a handler (the window is untrusted). Kept apart from ipc.ts so the preload bundle does
// not carry zod; `satisfies RequestSchemas<typeof INVOKE>` fails to compile when a channel of the
// table has no schema here, or a schema does not produce that channel's request type.
import { z } from 'zod';
import {
  EXTERNAL_LINKS,
  type INVOKE,
  type InvokeTable,
  type PauseRequest,
  type RequestIn,
} from './ipc';
import { settingsPatchSchema } from './settings';

/** One schema per channel of `T`, producing exactly that channel's request. */
export type RequestSchemas<T extends InvokeTable> = {
  readonly [M in keyof T]: z.ZodType<RequestIn<T, M>>;
};

export const pauseRequestSchema = z.union([
  z
    .object({
      minutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60),
    })
    .strict(),
  z.object({ until: z.literal('tomorrow') }).strict(),
]) satisfies z.ZodType<PauseRequest>;

const noRequest = z.undefined();

export const INVOKE_REQUEST_SCHEMAS = {
  getState: noRequest,
  checkNow: noRequest,
  signIn: noRequest,
  signOut: noRequest,
  pauseNotifications: pauseRequestSchema,
  resumeNotifications: noRequest,
  openExternal: z.enum(EXTERNAL_LINKS),
  copyDiagnostics: noRequest,
  getSettings: noRequest,
  setSettings: settingsPatchSchema,
} as const satisfies RequestSchemas<typeof INVOKE>;
