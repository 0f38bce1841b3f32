// User settings: one schema for main (persistence, validation) and the window (the form).
import { z } from 'zod';
import { OFFICIAL_MCP_URL } from './crosstrade';
import { checkMcpUrl, MAX_INTERVAL_SEC, MIN_INTERVAL_SEC } from './settings-rules';
import { checkTradingHours, CME_GLOBEX, minutesOf } from './trading-hours';

export {
  checkMcpUrl,
  isLoopbackUrl,
  MAX_INTERVAL_SEC,
  MIN_INTERVAL_SEC,
  type UrlCheck,
} from './settings-rules';

export const SETTINGS_VERSION = 3;

export const NT8_LOCATIONS = ['auto', 'local', 'remote'] as const;
export type Nt8LocationSetting = (typeof NT8_LOCATIONS)[number];

const timeOfDay = z.string().refine((value) => minutesOf(value) !== undefined, {
  message: 'Use a 24-hour time, HH:MM.',
});

export const tradingHoursSchema = z
  .object({
    onlyDuringHours: z.boolean(),
    timeZone: z.string(),
    days: z.array(z.array(z.object({ start: timeOfDay, end: timeOfDay }).strict())).length(7),
  })
  .strict()
  .superRefine((hours, ctx) => {
    const problem = checkTradingHours(hours);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  mcpUrl: z.string().refine((value) => checkMcpUrl(value).ok, {
    message: 'The MCP URL must be an https:// URL (http:// only on this computer).',
  }),
  intervalSec: z.number().int().min(MIN_INTERVAL_SEC).max(MAX_INTERVAL_SEC),
  notifications: z.object({
    disconnect: z.boolean(),
    recovery: z.boolean(),
    token: z.boolean(),
    outdated: z.boolean(),
  }),
  launchAtLogin: z.boolean(),
  /** Look for NinjaTrader.exe on this computer (only answers on Windows). */
  nt8LocalCheck: z.boolean(),
  /** Where NinjaTrader 8 runs: `auto` learns it (a healthy add-on with no NT8 here is remote). */
  nt8Location: z.enum(NT8_LOCATIONS),
  /** Stay quiet about NinjaTrader or the add-on being off outside this weekly schedule. */
  tradingHours: tradingHoursSchema,
  /** Look for a new release at start and every 6 hours (packaged app only). */
  checkForUpdates: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  mcpUrl: OFFICIAL_MCP_URL,
  intervalSec: 30,
  notifications: { disconnect: true, recovery: true, token: true, outdated: true },
  launchAtLogin: false,
  nt8LocalCheck: true,
  nt8Location: 'auto',
  tradingHours: CME_GLOBEX,
  checkForUpdates: true,
};

/** What the window may change; main merges it over the current settings and validates the result. */
export const settingsPatchSchema = settingsSchema
  .omit({ version: true, notifications: true })
  .extend({ notifications: settingsSchema.shape.notifications.partial() })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export type SettingsResult = { ok: true; settings: Settings } | { ok: false; error: string };

/** Applies a patch; returns a message naming the field at fault when the result is invalid. */
export function applySettingsPatch(current: Settings, patch: unknown): SettingsResult {
  const parsedPatch = settingsPatchSchema.safeParse(patch);
  if (!parsedPatch.success) return { ok: false, error: firstIssue(parsedPatch.error) };
  const { notifications, ...rest } = parsedPatch.data;
  const next = {
    ...current,
    ...rest,
    notifications: { ...current.notifications, ...notifications },
  };
  const parsed = settingsSchema.safeParse(next);
  return parsed.success
    ? { ok: true, settings: parsed.data }
    : { ok: false, error: firstIssue(parsed.error) };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid settings.';
  const field = issue.path.join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}
