// Opens a JSON file through `conf` (atomic writes). A file that is not JSON is moved aside to
// `<name>.json.corrupt-<timestamp>` and an empty store is used: never a crash, never lost.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';

export type RawStore = Record<string, unknown>;

export interface OpenedConf {
  conf: Conf<RawStore>;
  path: string;
  /** The parsed file as written (any JSON value), or undefined when there was none or it was moved aside. */
  content: unknown;
  /** Where the unreadable original now is. */
  corruptCopy?: string;
}

export function corruptName(path: string, now: Date): string {
  return `${path}.corrupt-${now.toISOString().replace(/[:.]/g, '-')}`;
}

function readJson(path: string): { found: boolean; content?: unknown } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { found: false };
    throw error;
  }
  return { found: true, content: JSON.parse(text) as unknown };
}

/**
 * Throws only for errors that are not about the content (permissions, a full disk): the caller
 * then runs on defaults in memory.
 */
export function openConfFile(
  dir: string,
  name: string,
  now: () => Date = () => new Date(),
): OpenedConf {
  const path = join(dir, `${name}.json`);
  let content: unknown;
  let corruptCopy: string | undefined;
  try {
    content = readJson(path).content;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    corruptCopy = corruptName(path, now());
    renameSync(path, corruptCopy);
  }
  // A JSON value that is not an object would make conf's own reads misbehave: start it empty.
  if (
    content !== undefined &&
    (typeof content !== 'object' || content === null || Array.isArray(content))
  ) {
    corruptCopy = corruptName(path, now());
    renameSync(path, corruptCopy);
  }
  const conf = new Conf<RawStore>({ cwd: dir, configName: name, clearInvalidConfig: false });
  return { conf, path, content, ...(corruptCopy ? { corruptCopy } : {}) };
}
