// Watches the folders of the client configuration files and calls back once per burst of changes.
// fs.watch on folders, not files: editors save by writing a new file and renaming it over the old.
import { watch, statSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';

/**
 * Quiet time that ends a burst. Clients rewrite their file several times in a row while they work
 * (Claude Code more than once a second): one look after the burst is enough.
 */
export const DEBOUNCE_MS = 2_000;
/** A burst that never pauses (a client writing every second) is still looked at this often. */
export const MAX_WAIT_MS = 15_000;

export interface WatchOptions {
  /** Quiet time after the last change before `onChange` runs; default DEBOUNCE_MS. */
  debounceMs?: number;
  /** Longest wait from a burst's first change to `onChange`; default MAX_WAIT_MS. */
  maxWaitMs?: number;
  /**
   * Folders the watcher may climb up to when a file's own folder does not exist yet (a client
   * installed later). Without roots, only existing folders are watched.
   */
  roots?: readonly string[];
  log?: Logger;
}

interface Watched {
  watcher: FSWatcher;
  /** Names in the folder that matter: the file itself, or the next folder on its path. */
  names: Set<string>;
}

function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function within(root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The deepest existing folder on the way to `file`, no higher than a root, and the name to watch. */
function watchTarget(
  file: string,
  roots: readonly string[],
): { dir: string; name: string } | undefined {
  let dir = path.dirname(file);
  let name = path.basename(file);
  for (;;) {
    if (isDir(dir)) return { dir, name };
    const parent = path.dirname(dir);
    const mayClimb = parent !== dir && roots.some((root) => within(root, parent));
    if (!mayClimb) return undefined;
    name = path.basename(dir);
    dir = parent;
  }
}

/** Watches `paths` (files that may not exist yet); returns the function that stops watching. */
export function watchClientConfigs(
  paths: readonly string[],
  onChange: () => void,
  options: WatchOptions = {},
): () => void {
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  const roots = options.roots ?? [];
  const watched = new Map<string, Watched>();
  const maxWaitMs = Math.max(options.maxWaitMs ?? MAX_WAIT_MS, debounceMs);
  let timer: NodeJS.Timeout | undefined;
  /** When the burst in progress began. */
  let burstStart: number | undefined;
  let stopped = false;

  const fire = (): void => {
    timer = undefined;
    burstStart = undefined;
    if (stopped) return;
    arm(); // a folder may have appeared or gone
    onChange();
  };
  const changed = (): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    const now = Date.now();
    burstStart ??= now;
    timer = setTimeout(fire, Math.min(debounceMs, burstStart + maxWaitMs - now));
    timer.unref();
  };

  function wanted(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const file of paths) {
      const target = watchTarget(file, roots);
      if (!target) continue;
      const names = out.get(target.dir) ?? new Set<string>();
      names.add(target.name);
      out.set(target.dir, names);
    }
    return out;
  }

  function arm(): void {
    const want = wanted();
    for (const [dir, entry] of watched) {
      if (!want.has(dir)) {
        entry.watcher.close();
        watched.delete(dir);
      }
    }
    for (const [dir, names] of want) {
      const existing = watched.get(dir);
      if (existing) {
        existing.names = names;
        continue;
      }
      try {
        const watcher = watch(dir, { persistent: false }, (_event, filename) => {
          const name = filename?.toString();
          if (!name || watched.get(dir)?.names.has(name)) changed();
        });
        watcher.on('error', () => {
          watcher.close();
          watched.delete(dir);
          changed();
        });
        watcher.unref();
        watched.set(dir, { watcher, names });
      } catch {
        options.log?.('debug', 'AI-client audit: a settings folder could not be watched.');
      }
    }
  }

  arm();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const entry of watched.values()) entry.watcher.close();
    watched.clear();
  };
}
