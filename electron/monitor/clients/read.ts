// Reads one client configuration file, read-only, and keeps only its CrossTrade entries.
import { readFile } from 'node:fs/promises';
import {
  claudeCodeProjectDirs,
  scanDocument,
  type ClientConfigDocument,
  type ClientFileScan,
} from '../../../shared/client-audit';
import type { ClientConfigLocation } from './locations';
import { parseConfigText } from './parse';

export interface ReadResult {
  scan: ClientFileScan;
  /** Project folders the file names (Claude Code's `projects`), for their project files. */
  projectDirs: string[];
}

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String(error.code)
    : undefined;
}

function documentAt(location: ClientConfigLocation): ClientConfigDocument {
  return {
    client: location.client,
    file: location.display,
    path: location.path,
    project: location.project,
    projects: location.projects,
  };
}

/** undefined when the file does not exist: a client that is not installed is not a finding. */
export async function readClientConfig(
  location: ClientConfigLocation,
): Promise<ReadResult | undefined> {
  let text: string;
  try {
    text = await readFile(location.path, { encoding: 'utf8', flag: 'r' });
  } catch (error) {
    if (MISSING.has(errorCode(error) ?? '')) return undefined;
    return {
      scan: scanDocument({ ...documentAt(location), parseError: { code: 'Unreadable' } }),
      projectDirs: [],
    };
  }
  const parsed = parseConfigText(text, location.format);
  // Only CrossTrade's entries (without their secrets) and project folder names leave this
  // function; the text and the parsed document, other servers and their secrets included, do not.
  const scan = scanDocument({
    ...documentAt(location),
    content: parsed.value,
    parseError: parsed.error,
  });
  const projectDirs = location.projects ? claudeCodeProjectDirs(parsed.value) : [];
  return { scan, projectDirs };
}
