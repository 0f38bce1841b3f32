import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_VERSION } from '../../shared/settings';
import { SettingsStore } from '../../electron/settings-store';

const NOW = new Date('2026-11-25T17:45:00.123Z');

function dir(content?: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'ct-settings-'));
  if (content !== undefined) writeFileSync(join(folder, 'settings.json'), content);
  return folder;
}

function open(folder: string) {
  const log = vi.fn();
  return { store: SettingsStore.open(folder, { log, now: () => NOW }), log };
}

function onDisk(folder: string): unknown {
  return JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8'));
}

describe('settings store', () => {
  it('writes the defaults on first run, with the schema version', () => {
    const folder = dir();
    const { store } = open(folder);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.notices).toEqual([]);
    expect(onDisk(folder)).toEqual({ ...DEFAULT_SETTINGS, version: SETTINGS_VERSION });
  });

  it('moves a corrupt file aside, uses the defaults and tells the window', () => {
    const damaged = '{"mcpUrl": "https://app.crosstrade.io/v1/api/mcp", "intervalSec": 6';
    const folder = dir(damaged);
    const { store } = open(folder);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    const copy = 'settings.json.corrupt-2026-11-25T17-45-00-123Z';
    expect(readFileSync(join(folder, copy), 'utf8')).toBe(damaged);
    expect(store.notices).toEqual([
      {
        id: 'settings-corrupt',
        level: 'warning',
        text: `Your settings file was damaged and could not be read, so the defaults are in use. The damaged file was kept as ${copy}.`,
      },
    ]);
    expect(onDisk(folder)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps the readable fields of an invalid file, a copy of it, and says what was reset', () => {
    const original = JSON.stringify({ ...DEFAULT_SETTINGS, intervalSec: 5, launchAtLogin: true });
    const folder = dir(original);
    const { store } = open(folder);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, launchAtLogin: true });
    const copies = readdirSync(folder).filter((name) => name.includes('.corrupt-'));
    expect(copies).toHaveLength(1);
    expect(readFileSync(join(folder, copies[0]!), 'utf8')).toBe(original);
    expect(store.notices[0]).toMatchObject({ id: 'settings-repaired', level: 'warning' });
    expect(store.notices[0]!.text).toContain('(intervalSec)');
    expect(store.notices[0]!.text).toContain(copies[0]);
    expect(onDisk(folder)).toEqual({ ...DEFAULT_SETTINGS, launchAtLogin: true });
  });

  it('migrates an unversioned file and rewrites it at the current version', () => {
    const folder = dir(
      JSON.stringify({ mcpUrl: 'http://127.0.0.1:4100/v1/api/mcp', notifications: false }),
    );
    const { store, log } = open(folder);
    expect(store.notices).toEqual([]);
    expect(store.get()).toMatchObject({
      version: SETTINGS_VERSION,
      mcpUrl: 'http://127.0.0.1:4100/v1/api/mcp',
      notifications: { disconnect: false, recovery: false, token: false, outdated: false },
    });
    expect(onDisk(folder)).toEqual(store.get());
    expect(log).toHaveBeenCalledWith('info', 'Settings migrated from version 0.');
  });

  it('persists a valid change and tells its listeners', () => {
    const folder = dir();
    const { store } = open(folder);
    const listener = vi.fn();
    store.onChange(listener);
    expect(store.update({ intervalSec: 60, notifications: { recovery: false } })).toMatchObject({
      ok: true,
    });
    const expected = {
      ...DEFAULT_SETTINGS,
      intervalSec: 60,
      notifications: { ...DEFAULT_SETTINGS.notifications, recovery: false },
    };
    expect(onDisk(folder)).toEqual(expected);
    expect(listener).toHaveBeenCalledWith(expected, DEFAULT_SETTINGS);
    expect(open(folder).store.get()).toEqual(expected);
  });

  it('refuses an invalid change and keeps the file as it was', () => {
    const folder = dir();
    const { store } = open(folder);
    expect(store.update({ mcpUrl: 'http://app.crosstrade.io/v1/api/mcp' })).toMatchObject({
      ok: false,
    });
    expect(store.update({ version: 2 })).toMatchObject({ ok: false });
    expect(onDisk(folder)).toEqual(DEFAULT_SETTINGS);
  });

  it('runs on the defaults, and says so, when the file cannot be opened at all', () => {
    const folder = dir();
    mkdirSync(join(folder, 'settings.json'));
    const { store } = open(folder);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(store.notices[0]).toMatchObject({ id: 'settings-unreadable', level: 'warning' });
    expect(store.update({ intervalSec: 60 })).toMatchObject({ ok: true });
    expect(existsSync(join(folder, 'settings.json'))).toBe(true);
  });
});
