import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../../shared/settings';
import {
  loadSettings,
  runMigrations,
  type MigrationTable,
} from '../../../electron/policy/settings-migrations';

const current = { ...DEFAULT_SETTINGS, intervalSec: 60, launchAtLogin: true };

describe('settings migrations', () => {
  it('uses the defaults for a new install', () => {
    expect(loadSettings(undefined)).toMatchObject({
      settings: DEFAULT_SETTINGS,
      status: 'new',
      rewrite: true,
    });
    expect(loadSettings({})).toMatchObject({ status: 'new' });
  });

  it('reads a current file as written', () => {
    expect(loadSettings(current)).toEqual({
      settings: current,
      status: 'current',
      fromVersion: SETTINGS_VERSION,
      resetFields: [],
      rewrite: false,
    });
  });

  it('migrates an unversioned file, filling what it lacks', () => {
    const loaded = loadSettings({ intervalSec: '45', notifications: false });
    expect(loaded.status).toBe('migrated');
    expect(loaded.fromVersion).toBe(0);
    expect(loaded.rewrite).toBe(true);
    expect(loaded.notice).toBeUndefined();
    expect(loaded.settings).toEqual({
      ...DEFAULT_SETTINGS,
      intervalSec: 45,
      notifications: { disconnect: false, recovery: false, token: false, outdated: false },
    });
  });

  it('migrates a version-1 file: NT8 location learned, CME trading hours, the rest kept', () => {
    const v1 = {
      version: 1,
      mcpUrl: DEFAULT_SETTINGS.mcpUrl,
      intervalSec: 60,
      notifications: { disconnect: true, recovery: false, token: true, outdated: true },
      launchAtLogin: true,
      nt8LocalCheck: false,
    };
    const loaded = loadSettings(v1);
    expect(loaded).toMatchObject({ status: 'migrated', fromVersion: 1, rewrite: true });
    expect(loaded.settings).toEqual({
      ...v1,
      version: SETTINGS_VERSION,
      nt8Location: 'auto',
      checkForUpdates: true,
      tradingHours: {
        onlyDuringHours: true,
        timeZone: 'America/Chicago',
        days: DEFAULT_SETTINGS.tradingHours.days,
      },
    });
  });

  it('a bad trading-hours schedule is reset to the default and named', () => {
    const loaded = loadSettings({
      ...current,
      nt8Location: 'vps',
      tradingHours: { ...DEFAULT_SETTINGS.tradingHours, timeZone: 'Mars/Olympus' },
    });
    expect(loaded.status).toBe('repaired');
    expect(loaded.resetFields).toEqual(['nt8Location', 'tradingHours']);
    expect(loaded.settings).toEqual(current);
  });

  it('runs migrations one version at a time', () => {
    const table: MigrationTable = {
      0: (raw) => ({ ...raw, a: 1 }),
      1: (raw) => ({ ...raw, b: Number(raw.a) + 1 }),
    };
    expect(runMigrations({}, 0, 2, table)).toEqual({ a: 1, b: 2, version: 2 });
    expect(() => runMigrations({}, 0, 3, table)).toThrow('No settings migration from version 2.');
  });

  it('keeps the readable fields of a damaged file and names the ones reset', () => {
    const loaded = loadSettings({
      ...current,
      mcpUrl: 'ftp://app.crosstrade.io/v1/api/mcp',
      notifications: { ...DEFAULT_SETTINGS.notifications, token: 'yes' },
    });
    expect(loaded.status).toBe('repaired');
    expect(loaded.settings).toEqual({ ...current, mcpUrl: DEFAULT_SETTINGS.mcpUrl });
    expect(loaded.resetFields).toEqual(['mcpUrl', 'notifications.token']);
    expect(loaded.notice).toContain('(mcpUrl, notifications.token)');
  });

  it('falls back to the defaults for a file that holds no settings object', () => {
    for (const junk of [[1, 2], 'settings', 42, null]) {
      const loaded = loadSettings(junk);
      expect(loaded.status).toBe('repaired');
      expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
      expect(loaded.notice).toMatch(/defaults/);
    }
  });

  it('keeps what it knows from a newer version and says so', () => {
    const loaded = loadSettings({ ...current, version: SETTINGS_VERSION + 1, theme: 'dark' });
    expect(loaded.status).toBe('future');
    expect(loaded.settings).toEqual(current);
    expect(loaded.notice).toContain('newer version');
  });

  it('reads a bad version number as damage', () => {
    const loaded = loadSettings({ ...current, version: 'one' });
    expect(loaded.status).toBe('repaired');
    expect(loaded.resetFields[0]).toBe('version');
    expect(loaded.settings).toEqual(current);
  });
});

describe('settings migration 2 → 3', () => {
  it('turns update checks on for a version-2 file and keeps an explicit choice', () => {
    const { checkForUpdates: _omitted, ...v2 } = { ...DEFAULT_SETTINGS, version: 2 };
    const loaded = loadSettings({ ...v2, intervalSec: 90 });
    expect(loaded).toMatchObject({ status: 'migrated', fromVersion: 2, rewrite: true });
    expect(loaded.settings).toEqual({
      ...DEFAULT_SETTINGS,
      intervalSec: 90,
      checkForUpdates: true,
    });
    const off = loadSettings({ ...DEFAULT_SETTINGS, checkForUpdates: false });
    expect(off.status).toBe('current');
    expect(off.settings.checkForUpdates).toBe(false);
  });
});
