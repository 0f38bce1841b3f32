// User settings: one schema for main (persistence, validation) and the window (the form).
import { z } from 'zod';
import { LEGACY_MCP_HOST, OFFICIAL_MCP_URL } from './crosstrade';

export const SETTINGS_VERSION = 1;
export const MIN_INTERVAL_SEC = 10;
export const MAX_INTERVAL_SEC = 600;

export type UrlCheck = { ok: true; warning?: string } | { ok: false; error: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/** https everywhere except loopback (the simulator); warns on anything but the documented URL. */
export function checkMcpUrl(raw: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, error: `"${raw}" is not a URL. Use ${OFFICIAL_MCP_URL}.` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    return { ok: false, error: `The MCP URL must start with https:// (got ${url.protocol}//).` };
  }
  if (url.username || url.password) {
    return { ok: false, error: 'The MCP URL must not contain a user name or password.' };
  }
  if (url.hostname === LEGACY_MCP_HOST) {
    return {
      ok: true,
      warning: `${LEGACY_MCP_HOST} is a legacy address that was never the live server. Use ${OFFICIAL_MCP_URL}.`,
    };
  }
  if (url.href !== OFFICIAL_MCP_URL && !isLoopbackUrl(url)) {
    return {
      ok: true,
      warning: `This is not CrossTrade's documented address (${OFFICIAL_MCP_URL}).`,
    };
  }
  return { ok: true };
}

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
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  mcpUrl: OFFICIAL_MCP_URL,
  intervalSec: 30,
  notifications: { disconnect: true, recovery: true, token: true, outdated: true },
  launchAtLogin: false,
  nt8LocalCheck: true,
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
