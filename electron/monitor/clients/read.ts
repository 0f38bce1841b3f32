// Reads one client configuration file, read-only, and keeps only its CrossTrade entries.
// Only regular files of a settings file's size are read: a pipe or a device would block the
// audit forever, and a huge file costs many times its size in memory once parsed.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import {
  claudeCodeProjectDirs,
  scanDocument,
  type ClientConfigDocument,
  type ClientFileScan,
  type ConfigParseError,
} from '../../../shared/client-audit';
import type { ClientConfigLocation } from './locations';
import { parseConfigText } from './parse';

export interface ReadResult {
  scan: ClientFileScan;
  /** Project folders the file names (Claude Code's `projects`), for their project files. */
  projectDirs: string[];
}

/**
 * Settings files are a few kB. The largest, ~/.claude.json, also keeps per-project history and
 * reaches a few MB on a busy machine; past 5 MB parsing it costs more memory than the whole app.
 */
export const MAX_CONFIG_BYTES = 5 * 1024 * 1024;
/** A local file reads in milliseconds; a hung network drive must not stall "Check now". */
export const READ_LIMIT_MS = 5000;
/**
 * Project folders taken from one file (Claude Code's `projects`): each costs three file reads, and
 * a real list is tens to a few hundred long. Past this the rest are not checked.
 */
export const MAX_PROJECTS = 500;

const MISSING = new Set(['ENOENT', 'ENOTDIR']);
const READ_CHUNK = 64 * 1024;

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

function megabytes(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / (1024 * 1024)))} MB`;
}

type FileText = { text: string } | { missing: true } | { error: ConfigParseError };

const tooLarge = (bytes: number): { error: ConfigParseError } => ({
  error: {
    code: 'TooLarge',
    detail: `it is ${megabytes(bytes)}; files over ${megabytes(MAX_CONFIG_BYTES)} are not read`,
  },
});
const NOT_A_FILE: { error: ConfigParseError } = { error: { code: 'NotAFile' } };

/** The file's text, if it is a regular file no larger than MAX_CONFIG_BYTES. */
async function readSettingsFile(file: string): Promise<FileText> {
  try {
    // stat before open: opening a FIFO waits for a writer, and opening a device may act on it.
    const info = await stat(file);
    if (!info.isFile()) return NOT_A_FILE;
    if (info.size > MAX_CONFIG_BYTES) return tooLarge(info.size);
  } catch (error) {
    return MISSING.has(errorCode(error) ?? '')
      ? { missing: true }
      : { error: { code: 'Unreadable' } };
  }
  let handle;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO after the stat, open still returns.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return MISSING.has(errorCode(error) ?? '')
      ? { missing: true }
      : { error: { code: 'Unreadable' } };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return NOT_A_FILE;
    // Read no more than the limit, even if the file grows meanwhile.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.alloc(READ_CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > MAX_CONFIG_BYTES) return tooLarge(Math.max(total, info.size));
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch {
    return { error: { code: 'Unreadable' } };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** readSettingsFile, given up on after READ_LIMIT_MS (the read may finish later, unseen). */
async function readWithin(file: string, ms: number): Promise<FileText> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<FileText>((resolve) => {
    timer = setTimeout(() => resolve({ error: { code: 'ReadTimedOut' } }), ms);
    timer.unref();
  });
  try {
    return await Promise.race([readSettingsFile(file), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The document with at most MAX_PROJECTS of Claude Code's `projects`. */
function boundProjects(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const projects = (value as { projects?: unknown }).projects;
  if (typeof projects !== 'object' || projects === null || Array.isArray(projects)) return value;
  let kept = 0;
  const bounded: Record<string, unknown> = {};
  for (const key in projects) {
    if (kept++ >= MAX_PROJECTS) break;
    bounded[key] = (projects as Record<string, unknown>)[key];
  }
  return { ...value, projects: bounded };
}

/** undefined when the file does not exist: a client that is not installed is not a finding. */
export async function readClientConfig(
  location: ClientConfigLocation,
): Promise<ReadResult | undefined> {
  const read = await readWithin(location.path, READ_LIMIT_MS);
  if ('missing' in read) return undefined;
  if ('error' in read)
    return {
      scan: scanDocument({ ...documentAt(location), parseError: read.error }),
      projectDirs: [],
    };
  // Only CrossTrade's entries (without their secrets) and project folder names leave this
  // function; the text and the parsed document, other servers and their secrets included, do not.
  try {
    const parsed = parseConfigText(read.text, location.format);
    const content = location.projects ? boundProjects(parsed.value) : parsed.value;
    const scan = scanDocument({ ...documentAt(location), content, parseError: parsed.error });
    const projectDirs = location.projects ? claudeCodeProjectDirs(content) : [];
    return { scan, projectDirs };
  } catch {
    // Whatever this one file holds, the audit of the others goes on.
    return {
      scan: scanDocument({ ...documentAt(location), parseError: { code: 'Unreadable' } }),
      projectDirs: [],
    };
  }
}
