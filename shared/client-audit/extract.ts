// Extraction: the CrossTrade entries of one parsed document. Every other server is dropped here,
// and no secret survives (see secrets.ts).
import { dict, isDict, specOf, text, type Dict, type Spec } from './spec';
import { redactUrl, secretsOf } from './secrets';
import { urlOf } from '../format';
import { redact } from '../redact';
import type {
  ClientConfigDocument,
  ClientFileScan,
  CrossTradeEntry,
  SseDeclaration,
} from './types';

/** The keys clients keep their servers under: `mcpServers`, `servers`, `mcp.servers`, … */
function serverCollections(doc: Dict): unknown[] {
  return [
    doc.mcpServers,
    doc.servers,
    doc['mcp.servers'],
    dict(doc.mcp).servers,
    doc.context_servers,
    dict(doc.experimental).modelContextProtocolServers,
  ].filter((collection) => collection !== undefined);
}

/** A map of named servers, or a list (Continue) whose items carry their `name`. */
function namedServers(collection: unknown): Array<[string, Dict]> {
  if (Array.isArray(collection)) {
    return collection.flatMap((item, index): Array<[string, Dict]> =>
      isDict(item) ? [[text(item.name) ?? `server #${index + 1}`, item]] : [],
    );
  }
  return Object.entries(dict(collection)).flatMap(([name, item]): Array<[string, Dict]> =>
    isDict(item) ? [[name, item]] : [],
  );
}

function entriesOf(doc: Dict, project?: string): CrossTradeEntry[] {
  return serverCollections(doc)
    .flatMap(namedServers)
    .flatMap(([name, raw]) => {
      const entry = readEntry(name, raw, project);
      return entry ? [entry] : [];
    });
}

/**
 * The CrossTrade entries of one parsed document. Every other server is dropped here, and no
 * secret survives: call it right after parsing and let the document go.
 */
export function extractCrossTradeEntries(
  content: unknown,
  options: { projects?: boolean } = {},
): CrossTradeEntry[] {
  if (!isDict(content)) return [];
  const entries = entriesOf(content);
  if (options.projects) {
    for (const [dir, project] of Object.entries(dict(content.projects))) {
      if (isDict(project)) entries.push(...entriesOf(project, dir));
    }
  }
  return entries;
}

/** The project folders Claude Code knows (the keys of `projects` in `~/.claude.json`). */
export function claudeCodeProjectDirs(content: unknown): string[] {
  return isDict(content) ? Object.keys(dict(content.projects)) : [];
}

const BRIDGES = ['mcp-remote', 'supergateway', 'mcp-proxy'];
const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/i;

function isCrossTradeUrl(url: string | undefined): boolean {
  const host = urlOf(url)?.hostname;
  return host !== undefined && (host === 'crosstrade.io' || host.endsWith('.crosstrade.io'));
}

function bridgeOf(tokens: readonly string[]): string | undefined {
  return BRIDGES.find((bridge) =>
    tokens.some((t) => t === bridge || t.startsWith(`${bridge}@`) || t.endsWith(`/${bridge}`)),
  );
}

/** `C:\Program Files\nodejs\npx.cmd` → `npx.cmd`; `npx mcp-remote …` → `npx`. */
function programName(command: string): string {
  const whole = command.trim();
  const first =
    /\s/.test(whole) && !/^([A-Za-z]:\\|\/)/.test(whole) ? whole.split(/\s+/)[0] : whole;
  return (first ?? '').split(/[\\/]/).pop() ?? '';
}

function readEntry(name: string, raw: Dict, project?: string): CrossTradeEntry | undefined {
  const spec = specOf(raw);
  const tokens = [...(spec.command?.split(/\s+/) ?? []), ...spec.args];
  const urls = tokens.flatMap((t) => URL_IN_TEXT.exec(t)?.[0] ?? []);
  const rawUrl = spec.url ?? urls.find(isCrossTradeUrl) ?? urls[0];
  if (!isCrossTradeUrl(rawUrl) && !/crosstrade/i.test(name)) return undefined;

  const viaBridge = spec.url === undefined && rawUrl !== undefined;
  const sse = sseOf(spec, tokens, rawUrl);
  const declared = normalizeType(spec.type?.value);
  const entry: CrossTradeEntry = {
    name,
    transport: sse
      ? 'sse'
      : rawUrl !== undefined || declared === 'http'
        ? 'streamable-http'
        : 'stdio',
    secrets: secretsOf(spec, tokens, rawUrl),
    disabled: raw.disabled === true || raw.enabled === false,
  };
  if (project !== undefined) entry.project = project;
  if (rawUrl !== undefined) entry.url = redactUrl(rawUrl);
  if (sse) entry.sse = sse;
  if (spec.command !== undefined) entry.command = redact(programName(spec.command));
  if (viaBridge) entry.bridge = bridgeOf(tokens) ?? entry.command ?? 'a local program';
  return entry;
}

function normalizeType(value: string | undefined): 'sse' | 'http' | 'stdio' | undefined {
  const v = (value ?? '').toLowerCase().replace(/[^a-z]/g, '');
  if (v === 'sse') return 'sse';
  if (v === 'http' || v === 'streamablehttp' || v === 'https') return 'http';
  if (v === 'stdio') return 'stdio';
  return undefined;
}

function flagValue(tokens: readonly string[], flag: string): string | undefined {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (token === flag) return tokens[i + 1];
    if (token.startsWith(`${flag}=`)) return token.slice(flag.length + 1);
  }
  return undefined;
}

function sseOf(
  spec: Spec,
  tokens: readonly string[],
  url: string | undefined,
): SseDeclaration | undefined {
  if (spec.type && normalizeType(spec.type.value) === 'sse') {
    return { source: 'type', detail: `${spec.type.field} "sse"` };
  }
  if (flagValue(tokens, '--transport') === 'sse-only') {
    return { source: 'flag', detail: '--transport sse-only' };
  }
  if (tokens.includes('--sse')) return { source: 'flag', detail: '--sse' };
  if (url && /\/sse\/*$/i.test(url.split(/[?#]/)[0] ?? '')) {
    return { source: 'url', detail: 'the address ends in /sse' };
  }
  return undefined;
}

/** One parsed file, reduced to its CrossTrade entries: what the reader keeps of it. */
export function scanDocument(document: ClientConfigDocument): ClientFileScan {
  const scan: ClientFileScan = {
    client: document.client,
    file: document.file,
    entries:
      document.content === undefined
        ? []
        : extractCrossTradeEntries(document.content, { projects: document.projects }),
  };
  if (document.path !== undefined) scan.path = document.path;
  if (document.project !== undefined) scan.project = document.project;
  if (document.parseError) scan.parseError = document.parseError;
  return scan;
}
