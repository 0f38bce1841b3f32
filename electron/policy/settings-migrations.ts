// Pure decision: no Electron, no I/O; the adapters apply it.
//
// Reading a settings file's content: versioned migrations up to SETTINGS_VERSION, then the zod
// schema of shared/settings.ts. Anything unreadable falls back to the defaults field by field and
// says so: settings are never lost silently (the store keeps a copy of the original file).
import {
  DEFAULT_SETTINGS,
  SETTINGS_VERSION,
  applySettingsPatch,
  settingsSchema,
  type Settings,
} from '../../shared/settings';

export type RawSettings = Record<string, unknown>;
/** Migration `n` turns a version-`n` object into a version-`n + 1` object. */
export type MigrationTable = Readonly<Record<number, (raw: RawSettings) => RawSettings>>;

export const MIGRATIONS: MigrationTable = {
  // Version 0: a file without `version` (hand-written, or from before settings were versioned).
  // Same field names; whatever is missing takes its default, a boolean `notifications` switches
  // every kind, and a string interval ("30") is read as seconds.
  0: (raw) => {
    const next: RawSettings = { ...DEFAULT_SETTINGS, ...raw, version: 1 };
    if (typeof raw.notifications === 'boolean') {
      const on = raw.notifications;
      next.notifications = { disconnect: on, recovery: on, token: on, outdated: on };
    } else if (isPlainObject(raw.notifications)) {
      next.notifications = { ...DEFAULT_SETTINGS.notifications, ...raw.notifications };
    }
    if (typeof raw.intervalSec === 'string' && /^\d+$/.test(raw.intervalSec.trim())) {
      next.intervalSec = Number(raw.intervalSec.trim());
    }
    return next;
  },
  // Version 1 → 2: where NinjaTrader runs (learned by default) and the trading-hours schedule.
  1: (raw) => ({
    nt8Location: DEFAULT_SETTINGS.nt8Location,
    tradingHours: DEFAULT_SETTINGS.tradingHours,
    ...raw,
    version: 2,
  }),
  // Version 2 → 3: update checks, on unless the file says otherwise.
  2: (raw) => ({ checkForUpdates: DEFAULT_SETTINGS.checkForUpdates, ...raw, version: 3 }),
};

export type LoadStatus = 'new' | 'current' | 'migrated' | 'repaired' | 'future';

export interface LoadedSettings {
  settings: Settings;
  status: LoadStatus;
  /** Version the file was written with (0 when it had none). */
  fromVersion?: number;
  /** Fields that could not be read and took their default. */
  resetFields: string[];
  /** For the window when something was not as written; absent when all is well. */
  notice?: string;
  /** The file must be rewritten (migrated or repaired). */
  rewrite: boolean;
}

function isPlainObject(value: unknown): value is RawSettings {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies migrations `from`, `from + 1`, … until `to`. Throws when a step is missing. */
export function runMigrations(
  raw: RawSettings,
  from: number,
  to: number,
  table: MigrationTable = MIGRATIONS,
): RawSettings {
  let current = raw;
  for (let version = from; version < to; version += 1) {
    const step = table[version];
    if (!step) throw new Error(`No settings migration from version ${version}.`);
    current = step(current);
  }
  return { ...current, version: to };
}

const FIELDS = [
  'mcpUrl',
  'intervalSec',
  'launchAtLogin',
  'nt8LocalCheck',
  'nt8Location',
  'tradingHours',
] as const;
const NOTIFICATION_FIELDS = Object.keys(DEFAULT_SETTINGS.notifications) as Array<
  keyof Settings['notifications']
>;

/** Defaults, overwritten by every field of `raw` that is valid on its own. */
function salvage(raw: RawSettings): { settings: Settings; resetFields: string[] } {
  let settings: Settings = {
    ...DEFAULT_SETTINGS,
    notifications: { ...DEFAULT_SETTINGS.notifications },
  };
  const resetFields: string[] = [];
  for (const field of FIELDS) {
    if (!(field in raw)) {
      resetFields.push(field);
      continue;
    }
    const result = applySettingsPatch(settings, { [field]: raw[field] });
    if (result.ok) settings = result.settings;
    else resetFields.push(field);
  }
  const notifications = raw.notifications;
  if (isPlainObject(notifications)) {
    for (const field of NOTIFICATION_FIELDS) {
      if (!(field in notifications)) {
        resetFields.push(`notifications.${field}`);
        continue;
      }
      const result = applySettingsPatch(settings, {
        notifications: { [field]: notifications[field] },
      });
      if (result.ok) settings = result.settings;
      else resetFields.push(`notifications.${field}`);
    }
  } else {
    resetFields.push('notifications');
  }
  return { settings, resetFields };
}

function versionOf(raw: RawSettings): number | undefined {
  if (!('version' in raw)) return 0;
  const version = raw.version;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0
    ? version
    : undefined;
}

/**
 * Turns the parsed content of the settings file (undefined: no file) into valid settings.
 * Never throws.
 */
export function loadSettings(parsed: unknown, table: MigrationTable = MIGRATIONS): LoadedSettings {
  if (parsed === undefined || (isPlainObject(parsed) && Object.keys(parsed).length === 0)) {
    return { settings: DEFAULT_SETTINGS, status: 'new', resetFields: [], rewrite: true };
  }
  if (!isPlainObject(parsed)) {
    return {
      settings: DEFAULT_SETTINGS,
      status: 'repaired',
      resetFields: ['*'],
      notice: 'Your settings file did not hold settings, so the defaults are in use.',
      rewrite: true,
    };
  }

  const version = versionOf(parsed);
  if (version !== undefined && version > SETTINGS_VERSION) {
    const { settings, resetFields } = salvage(parsed);
    return {
      settings,
      status: 'future',
      fromVersion: version,
      resetFields,
      notice: `Your settings were saved by a newer version of the monitor (settings v${version}); settings this version does not know were left out.`,
      rewrite: true,
    };
  }

  let migrated: RawSettings = parsed;
  let migrationFailed = false;
  if (version !== undefined && version < SETTINGS_VERSION) {
    try {
      migrated = runMigrations(parsed, version, SETTINGS_VERSION, table);
    } catch {
      migrationFailed = true;
    }
  }
  if (!migrationFailed && version !== undefined) {
    const valid = settingsSchema.safeParse(migrated);
    if (valid.success) {
      const migratedNow = version < SETTINGS_VERSION;
      return {
        settings: valid.data,
        status: migratedNow ? 'migrated' : 'current',
        fromVersion: version,
        resetFields: [],
        rewrite: migratedNow,
      };
    }
  }

  const { settings, resetFields } = salvage(migrationFailed ? parsed : migrated);
  if (version === undefined) resetFields.unshift('version');
  const list = resetFields.join(', ');
  return {
    settings,
    status: 'repaired',
    ...(version !== undefined ? { fromVersion: version } : {}),
    resetFields,
    notice: `Some settings could not be read and were reset to their defaults (${list}).`,
    rewrite: true,
  };
}
