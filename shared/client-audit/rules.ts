// The rules: findings per file, per entry and across files (duplicates), and each file's summary.
import type { ClientFinding } from '../health';
import { OFFICIAL_MCP_URL } from '../crosstrade';
import { redact } from '../redact';
import {
  parseAdvice,
  positionText,
  secretAdvice,
  transportAdvice,
  urlAdvice,
  type Advice,
} from './advice';
import type {
  ClientAuditReport,
  ClientConfigStatus,
  ClientEntryStatus,
  ClientFileScan,
  ConfigParseError,
  CrossTradeEntry,
} from './types';

/** Files the monitor did not read (too large, not a file, too deep): no fault of the client's. */
const NOT_READ: Record<string, [string, string]> = {
  TooLarge: [
    'it is too large',
    'settings files are a few kB: see what made this one grow. Until then check any CrossTrade entry in it by hand',
  ],
  NotAFile: [
    'it is not a regular file (a folder, pipe or device)',
    'replace it with the settings file the client expects, or remove it',
  ],
  ReadTimedOut: [
    'it could not be read within 5 seconds',
    'check the drive it is on; the next check tries again',
  ],
  TooDeep: [
    'it nests deeper than 64 levels',
    'look for a pasted value nested far deeper than settings need and remove it',
  ],
  RESOURCE_EXHAUSTION: [
    'it nests deeper than a settings file can',
    'look for a pasted value nested far deeper than settings need and remove it',
  ],
  TooManyAliases: [
    'it expands more YAML aliases (*name) than a settings file needs',
    'write the values out instead of repeating aliases',
  ],
};

function notReadFinding(file: ClientFileScan, error: ConfigParseError): ClientFinding | undefined {
  const advice = NOT_READ[error.code];
  if (!advice) return undefined;
  const [what, fix] = advice;
  return {
    client: file.client,
    file: file.file,
    problem: `${file.file} was not checked: ${error.detail ?? what}.`,
    fix: `${fix[0]?.toUpperCase() ?? ''}${fix.slice(1)}.`,
  };
}

function parseFinding(file: ClientFileScan, error: ConfigParseError): ClientFinding {
  const notRead = notReadFinding(file, error);
  if (notRead) return notRead;
  const { what, fix } = parseAdvice(error.code, file.client);
  return {
    client: file.client,
    file: file.file,
    problem: `${file.client} cannot read this file: ${what}${positionText(error)}.`,
    fix: `Open the file${positionText(error)}, ${fix}, and save it; until then ${file.client} ignores every MCP server in this file.`,
  };
}

function label(entry: CrossTradeEntry): string {
  return entry.project !== undefined ? `${entry.name} in project ${entry.project}` : entry.name;
}

function entryFindings(file: ClientFileScan, entry: CrossTradeEntry): ClientFinding[] {
  const advice = entry.disabled
    ? [secretAdvice(entry, file.client)]
    : [
        urlAdvice(entry, file.client),
        transportAdvice(entry, file.client),
        secretAdvice(entry, file.client),
      ];
  return advice
    .filter((a): a is Advice => a !== undefined)
    .map(([problem, fix]) => ({
      client: file.client,
      file: file.file,
      entry: label(entry),
      problem,
      fix,
    }));
}

interface Scoped {
  entry: CrossTradeEntry;
  file: ClientFileScan;
  scope: string | undefined;
  /** What makes two entries two connections: see duplicateFindings. */
  key: string;
}

/**
 * Clients that load one entry per name when a project and the user both define it, the project's
 * winning: Claude Code documents local > project (.mcp.json) > user; Cursor lets a project's
 * .cursor/mcp.json replace ~/.cursor/mcp.json's entry of the same name. VS Code does not: an entry
 * named alike in the user settings and in .vscode/mcp.json runs twice (microsoft/vscode#257420).
 */
const ONE_ENTRY_PER_NAME: ReadonlySet<string> = new Set(['Claude Code', 'Cursor']);

/** Continue reads ~/.continue/config.json only when there is no config.yaml (doLoadConfig.ts). */
function ignoredByClient(file: ClientFileScan, files: readonly ClientFileScan[]): boolean {
  const continueFile = (f: ClientFileScan, name: string): boolean =>
    f.client === 'Continue' && f.project === file.project && f.file.endsWith(name);
  return continueFile(file, 'config.json') && files.some((f) => continueFile(f, 'config.yaml'));
}

function firstPerKey(list: readonly Scoped[]): Scoped[] {
  return list.filter((s, index) => list.findIndex((t) => t.key === s.key) === index);
}

/**
 * Entries a client loads together: its global ones, plus one project's. Entries count by
 * (file, name), so the same name in two files is two connections, except where the client keeps
 * one entry per name (ONE_ENTRY_PER_NAME): there a project entry replaces the global one.
 */
function duplicateFindings(
  files: readonly ClientFileScan[],
): Array<[ClientFinding, CrossTradeEntry[]]> {
  const byClient = new Map<string, Scoped[]>();
  for (const file of files) {
    if (ignoredByClient(file, files)) continue;
    const byName = ONE_ENTRY_PER_NAME.has(file.client);
    for (const entry of file.entries.filter((e) => !e.disabled)) {
      const list = byClient.get(file.client) ?? [];
      const key = byName ? entry.name : JSON.stringify([file.file, entry.name]);
      list.push({ entry, file, scope: entry.project ?? file.project, key });
      byClient.set(file.client, list);
    }
  }
  const out: Array<[ClientFinding, CrossTradeEntry[]]> = [];
  for (const [client, scoped] of byClient) {
    const global = firstPerKey(scoped.filter((s) => s.scope === undefined));
    const globalKeys = new Set(global.map((s) => s.key));
    if (global.length > 1) out.push(duplicateFinding(client, global, undefined));
    const projects = new Set(scoped.flatMap((s) => (s.scope === undefined ? [] : [s.scope])));
    for (const project of projects) {
      // Claude Code's local entry (~/.claude.json, read first) wins over the .mcp.json one.
      const own = firstPerKey(scoped.filter((s) => s.scope === project));
      const ownKeys = new Set(own.map((s) => s.key));
      const together = [...global.filter((s) => !ownKeys.has(s.key)), ...own];
      const adds = [...ownKeys].some((key) => !globalKeys.has(key));
      if (adds && together.length > 1) out.push(duplicateFinding(client, together, project));
    }
  }
  return out;
}

function duplicateFinding(
  client: string,
  together: readonly Scoped[],
  project: string | undefined,
): [ClientFinding, CrossTradeEntry[]] {
  const names = together.map((s) => s.entry.name);
  const sameName = new Set(names).size < names.length;
  const listed = together.map((s) =>
    sameName ? `"${s.entry.name}" in ${s.file.file}` : `"${s.entry.name}"`,
  );
  const files = [...new Set(together.map((s) => s.file.file))];
  const where = project !== undefined ? ` in the project ${project}` : '';
  return [
    {
      client,
      file: files.join(', '),
      entry: [...new Set(names)].join(', '),
      problem: `${client} has ${together.length} CrossTrade entries${where} (${listed.join(', ')}): the agent gets every CrossTrade tool more than once and can use the wrong connection.`,
      fix: `Keep one entry, with the address ${OFFICIAL_MCP_URL}, delete the others, and restart ${client}.`,
    },
    together.map((s) => s.entry),
  ];
}

/** The object without its undefined properties: reports stay small and compare cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function summarize(
  file: ClientFileScan,
  flagged: ReadonlySet<CrossTradeEntry>,
): ClientConfigStatus {
  const entries = file.entries.map((entry): ClientEntryStatus =>
    defined({
      name: entry.name,
      project: entry.project,
      url: entry.url,
      via: entry.bridge ?? (entry.url === undefined ? entry.command : undefined),
      transport: entry.transport,
      disabled: entry.disabled || undefined,
      status: flagged.has(entry) ? 'problem' : 'ok',
    }),
  );
  const error = file.parseError;
  const problem = error !== undefined || entries.some((e) => e.status === 'problem');
  return defined({
    client: file.client,
    file: file.file,
    path: file.path,
    entries,
    parseError:
      error &&
      defined({
        line: error.line,
        column: error.column,
        message:
          error.detail ?? NOT_READ[error.code]?.[0] ?? parseAdvice(error.code, file.client).what,
      }),
    status: problem ? 'problem' : entries.length > 0 ? 'ok' : 'none',
  });
}

/** A file its client no longer reads (see ClientFileScan.staleFor): a note, never its entries. */
function staleSummary(file: ClientFileScan, staleFor: string): ClientConfigStatus {
  return defined({
    client: file.client,
    file: file.file,
    path: file.path,
    entries: [],
    note: `A stale copy: ${file.client} reads ${staleFor} instead.`,
    status: 'none',
  });
}

/** A stale copy holding a CrossTrade entry misleads whoever edits it: say which file counts. */
function staleFinding(file: ClientFileScan, staleFor: string): ClientFinding {
  const names = file.entries.map((entry) => entry.name).join(', ');
  return {
    client: file.client,
    file: file.file,
    entry: names,
    problem: `${file.client} no longer reads this file: it reads ${staleFor}. The CrossTrade entry here is a stale copy that does nothing.`,
    fix: `Make your changes in ${staleFor}, then delete or rename this old file so it misleads no one.`,
  };
}

/** The audit: every finding, and each file's CrossTrade entries with their status. Redacted. */
export function auditClientFiles(files: readonly ClientFileScan[]): ClientAuditReport {
  const findings: ClientFinding[] = [];
  const flagged = new Set<CrossTradeEntry>();
  const read = files.filter((file) => file.staleFor === undefined);
  for (const file of files) {
    if (file.staleFor !== undefined) {
      if (file.entries.length > 0) findings.push(staleFinding(file, file.staleFor));
      continue;
    }
    if (file.parseError) findings.push(parseFinding(file, file.parseError));
    for (const entry of file.entries) {
      const own = entryFindings(file, entry);
      if (own.length > 0) flagged.add(entry);
      findings.push(...own);
    }
  }
  for (const [finding, entries] of duplicateFindings(read)) {
    findings.push(finding);
    for (const entry of entries) flagged.add(entry);
  }
  const clients = files.map((file) =>
    file.staleFor !== undefined ? staleSummary(file, file.staleFor) : summarize(file, flagged),
  );
  return redact({ clients, findings });
}
