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
import { INCIDENT_LIMITS, type AgentIncident } from './explain';
import { PROBLEM_IDS } from './health';

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

/** An AI client's failure described in the window; every field bounded. */
export const agentIncidentSchema = z
  .object({
    client: z.string().max(INCIDENT_LIMITS.name).optional(),
    clientVersion: z.string().max(INCIDENT_LIMITS.version).optional(),
    failedAt: z.string().datetime({ offset: true }).optional(),
    tool: z.string().max(INCIDENT_LIMITS.tool).optional(),
    error: z.string().max(INCIDENT_LIMITS.error).optional(),
    matched: z.array(z.enum(PROBLEM_IDS)).max(PROBLEM_IDS.length).optional(),
  })
  .strict() satisfies z.ZodType<AgentIncident>;

export const INVOKE_REQUEST_SCHEMAS = {
  getState: noRequest,
  checkNow: noRequest,
  signIn: noRequest,
  signOut: noRequest,
  pauseNotifications: pauseRequestSchema,
  resumeNotifications: noRequest,
  openExternal: z.enum(EXTERNAL_LINKS),
  copyDiagnostics: z.union([noRequest, agentIncidentSchema]),
  getSettings: noRequest,
  setSettings: settingsPatchSchema,
  installUpdate: noRequest,
} as const satisfies RequestSchemas<typeof INVOKE>;
