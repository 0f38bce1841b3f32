// One scan: read every known client configuration file and audit the CrossTrade entries found.
import path from 'node:path';
import { auditClientFiles, type ClientAuditReport } from '../../../shared/client-audit';
import { redact } from '../../../shared/redact';
import type { Logger } from '../log';
import {
  appDataDir,
  localAppDataDir,
  projectClientConfigs,
  projectDirOnDisk,
  searchedPlaces,
  userClientConfigs,
  type ClientConfigLocation,
  type ClientEnvironment,
} from './locations';
import { readClientConfig } from './read';

export interface ClientScan {
  report: ClientAuditReport;
  /** Every path looked at, present or not: what a watcher should watch. */
  candidates: string[];
  /** The folders those paths live under (home, app data, projects): how far a watcher may climb. */
  roots: string[];
}

interface ProjectDir {
  /** Where the folder lies on this disk. */
  dir: string;
  /** The folder as the client spells it: it scopes the entries. */
  project: string;
}

/** Project folders: Claude Code's own list first (its spelling scopes its entries), then ours. */
function projectDirsOf(
  environment: ClientEnvironment,
  fromClaude: readonly string[],
): ProjectDir[] {
  const seen = new Map<string, ProjectDir>();
  const add = (dir: string | undefined, project: string): void => {
    if (dir === undefined) return;
    const key = path.resolve(dir);
    if (!seen.has(key)) seen.set(key, { dir, project });
  };
  for (const project of fromClaude) add(projectDirOnDisk(project, environment), project);
  // Folders named by the caller (--project, the working folder) are paths on this machine.
  for (const dir of environment.projectDirs ?? []) {
    add(path.isAbsolute(dir) ? dir : undefined, dir);
  }
  return [...seen.values()];
}

export async function scanClientConfigs(
  environment: ClientEnvironment,
  options: { log?: Logger } = {},
): Promise<ClientScan> {
  const userFiles = userClientConfigs(environment);
  const userReads = await Promise.all(userFiles.map(readClientConfig));
  // A file a newer one replaces (Claude Desktop's %APPDATA% copy beside its MSIX one) is stale.
  userFiles.forEach((location, index) => {
    if (location.replaces === undefined || !userReads[index]) return;
    const old = userFiles.findIndex((other) => other.path === location.replaces);
    const oldRead = userReads[old];
    if (oldRead) oldRead.scan.staleFor = location.display;
  });
  const projectDirs = projectDirsOf(
    environment,
    userReads.flatMap((read) => read?.projectDirs ?? []),
  );
  const projectFiles: ClientConfigLocation[] = projectDirs.flatMap(({ dir, project }) =>
    projectClientConfigs(dir, environment, project),
  );
  const projectReads = await Promise.all(projectFiles.map(readClientConfig));
  const scans = [...userReads, ...projectReads].flatMap((read) => (read ? [read.scan] : []));
  const report = auditClientFiles(scans);
  report.searched = [
    ...searchedPlaces(environment),
    ...projectFiles.map((location) => location.display),
  ];
  options.log?.(
    'info',
    redact(
      `AI-client audit: ${scans.length} configuration file(s) found, ${report.findings.length} finding(s).`,
    ),
  );
  return {
    report,
    candidates: [...userFiles, ...projectFiles].map((location) => location.path),
    roots: [
      environment.home,
      appDataDir(environment),
      ...projectDirs.map(({ dir }) => dir),
      ...(environment.platform === 'win32' ? [localAppDataDir(environment)] : []),
    ],
  };
}
