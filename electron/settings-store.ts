// User settings on disk: <userData>/settings.json through `conf` (atomic writes), validated with
// the zod schema of shared/settings.ts and versioned (policy/settings-migrations.ts). A damaged
// file is moved aside to settings.json.corrupt-<timestamp> and the defaults are used, with a
// notice for the window: never a crash, never silently lost.
import { copyFileSync } from 'node:fs';
import { basename } from 'node:path';
import type Conf from 'conf';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsResult,
} from '../shared/settings';
import type { AppNotice } from './app-state';
import { corruptName, openConfFile, type RawStore } from './conf-file';
import type { Logger } from './monitor/log';
import { loadSettings, type MigrationTable } from './policy/settings-migrations';

export const SETTINGS_FILE_NAME = 'settings';

export interface SettingsStoreOptions {
  log: Logger;
  now?: () => Date;
  migrations?: MigrationTable;
}

type Listener = (settings: Settings, previous: Settings) => void;

export class SettingsStore {
  private readonly listeners = new Set<Listener>();

  private constructor(
    private readonly conf: Conf<RawStore> | undefined,
    private settings: Settings,
    /** What the window should be told about how the settings were read. */
    readonly notices: AppNotice[],
    private readonly log: Logger,
  ) {}

  static open(dir: string, options: SettingsStoreOptions): SettingsStore {
    const now = options.now ?? (() => new Date());
    const { log } = options;
    let opened;
    try {
      opened = openConfFile(dir, SETTINGS_FILE_NAME, now);
    } catch (error) {
      log('error', `Settings could not be opened: ${String(error)}`);
      return new SettingsStore(
        undefined,
        DEFAULT_SETTINGS,
        [
          {
            id: 'settings-unreadable',
            level: 'warning',
            text: `Your settings could not be opened (${String(error)}), so the defaults are in use and changes will not be saved.`,
          },
        ],
        log,
      );
    }

    const notices: AppNotice[] = [];
    if (opened.corruptCopy) {
      log('warn', `settings.json was not valid JSON; moved to ${opened.corruptCopy}.`);
      notices.push({
        id: 'settings-corrupt',
        level: 'warning',
        text: `Your settings file was damaged and could not be read, so the defaults are in use. The damaged file was kept as ${basename(opened.corruptCopy)}.`,
      });
    }
    const loaded = loadSettings(opened.content, options.migrations);
    if (loaded.notice && !opened.corruptCopy) {
      const copy = corruptName(opened.path, now());
      try {
        copyFileSync(opened.path, copy);
      } catch (error) {
        log('warn', `Could not keep a copy of the settings file: ${String(error)}`);
      }
      log(
        'warn',
        `Settings ${loaded.status}: reset ${loaded.resetFields.join(', ') || 'nothing'}; original kept as ${copy}.`,
      );
      notices.push({
        id: `settings-${loaded.status}`,
        level: 'warning',
        text: `${loaded.notice} The original was kept as ${basename(copy)}.`,
      });
    } else if (loaded.status === 'migrated') {
      log('info', `Settings migrated from version ${loaded.fromVersion ?? 0}.`);
    }

    const store = new SettingsStore(opened.conf, loaded.settings, notices, log);
    if (loaded.rewrite) store.write(loaded.settings);
    return store;
  }

  get(): Settings {
    return this.settings;
  }

  /** Validates and applies a patch from the window or the tray; persists it on success. */
  update(patch: unknown): SettingsResult {
    const result = applySettingsPatch(this.settings, patch);
    if (!result.ok) return result;
    const previous = this.settings;
    this.settings = result.settings;
    this.write(result.settings);
    for (const listener of [...this.listeners]) listener(result.settings, previous);
    return result;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private write(settings: Settings): void {
    if (!this.conf) return;
    try {
      this.conf.store = { ...settings };
    } catch (error) {
      this.log('error', `Settings could not be saved: ${String(error)}`);
    }
  }
}
