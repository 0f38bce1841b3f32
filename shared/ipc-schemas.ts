// Validators for every invoke request: main runs them before a handler (the window is untrusted).
// Kept apart from ipc.ts so the preload bundle does not carry zod.
import { z } from 'zod';
import type { InvokeChannel, InvokeContract, PauseRequest } from './ipc';
import { EXTERNAL_LINKS } from './ipc';
import { settingsPatchSchema } from './settings';

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

export const INVOKE_REQUEST_SCHEMAS: {
  [C in InvokeChannel]: z.ZodType<InvokeContract[C]['request']>;
} = {
  'monitor:get-state': z.undefined(),
  'monitor:check-now': z.undefined(),
  'monitor:sign-in': z.undefined(),
  'monitor:sign-out': z.undefined(),
  'monitor:pause-notifications': pauseRequestSchema,
  'monitor:resume-notifications': z.undefined(),
  'monitor:open-external': z.enum(EXTERNAL_LINKS),
  'monitor:copy-diagnostics': z.undefined(),
  'monitor:get-settings': z.undefined(),
  'monitor:set-settings': settingsPatchSchema,
};
