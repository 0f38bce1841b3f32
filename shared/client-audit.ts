// The AI-client configuration audit (issue 8): pure rules over the trader's MCP client settings.
// Input: parsed configuration documents; output: ClientFinding[] plus a per-client summary.
// Discovery and file reading live in electron/monitor/clients/ (Node); nothing here touches a file.
//
// Privacy: `extractCrossTradeEntries` keeps CrossTrade's entries only, and keeps no secret from them,
// just where each secret sits (`headers.Authorization`). Every text leaving here is redacted.
import { AI_CLIENTS_URL, LEGACY_MCP_HOST, OFFICIAL_MCP_URL } from './crosstrade';
import type { ClientFinding } from './health';
import { redact } from './redact';

/** Display names, as a trader knows each client. */
export const CLIENT_NAMES = [
  'Claude Desktop',
  'Claude Code',
  'Cursor',
  'Windsurf',
  'Cline',
  'VS Code',
  'Continue',
] as const;
export type ClientName = (typeof CLIENT_NAMES)[number];

export type EntryTransport = 'streamable-http' | 'sse' | 'stdio';

/** Where a secret sits in an entry; never the secret itself. */
export interface SecretSighting {
  /** e.g. `headers.Authorization`, `env.CROSSTRADE_TOKEN`, `args (--header Authorization)`. */
  where: string;
  /** Pasted in the file (`bearer`, `basic`, `token`) or filled in from elsewhere (`reference`). */
  kind: 'bearer' | 'basic' | 'token' | 'reference';
}

/** What makes an entry use the old HTTP+SSE transport. */
export interface SseDeclaration {
  source: 'type' | 'flag' | 'url';
  /** e.g. `type "sse"`, `--transport sse-only`, `the address ends in /sse`. */
  detail: string;
}

/** One CrossTrade entry, reduced to what the rules need. Holds no secret. */
export interface CrossTradeEntry {
  name: string;
  /** Set for entries listed under a project inside a user file (Claude Code's `projects`). */
  project?: string;
  /** The address, redacted; for a stdio bridge, the address it forwards to. */
  url?: string;
  /** The stdio bridge in front of the address, e.g. `mcp-remote`. */
  bridge?: string;
  /** The program a stdio entry starts (base name only). */
  command?: string;
  sse?: SseDeclaration;
  transport: EntryTransport;
  secrets: SecretSighting[];
  disabled: boolean;
}

/** Why a file could not be read, and where. Codes: jsonc-parser names, yaml codes, ours. */
export interface ConfigParseError {
  /** e.g. `CommaExpected`, `Comment`, `TrailingComma`, `TAB_AS_INDENT`, `NotAnObject`, `Unreadable`. */
  code: string;
  line?: number;
  column?: number;
  /** Why the monitor did not read the file, in our words (never the file's): `it is 100 MB; …`. */
  detail?: string;
}

/** One configuration file after parsing, before extraction. */
export interface ClientConfigDocument {
  client: string;
  /** The path shown to the trader (`~/.cursor/mcp.json`). */
  file: string;
  path?: string;
  /** The project folder a project file (`.mcp.json`) belongs to. */
  project?: string;
  content?: unknown;
  parseError?: ConfigParseError;
  /** Also read Claude Code's per-project servers (`projects[path].mcpServers`). */
  projects?: boolean;
}

/** One configuration file after extraction: what the audit needs, nothing more. */
export interface ClientFileScan {
  client: string;
  file: string;
  path?: string;
  project?: string;
  entries: CrossTradeEntry[];
  parseError?: ConfigParseError;
}

export type EntryStatus = 'ok' | 'problem';

export interface ClientEntryStatus {
  name: string;
  project?: string;
  url?: string;
  transport: EntryTransport;
  /** The stdio bridge or program in front of the address. */
  via?: string;
  disabled?: boolean;
  status: EntryStatus;
}

export interface ClientConfigStatus {
  client: string;
  file: string;
  path?: string;
  entries: ClientEntryStatus[];
  parseError?: { line?: number; column?: number; message: string };
  /** `none`: the file parses and has no CrossTrade entry. */
  status: 'ok' | 'problem' | 'none';
}

/** What the window's "Your AI clients" section, `doctor clients` and diagnose read. */
export interface ClientAuditReport {
  clients: ClientConfigStatus[];
  findings: ClientFinding[];
}

// ───────────────────────────── extraction ─────────────────────────────

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const dict = (value: unknown): Dict => (isDict(value) ? value : {});

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

/** The fields that matter, wherever the client's shape keeps them. */
interface Spec {
  url?: string;
  command?: string;
  args: string[];
  env: Dict;
  headers: Dict;
  type?: { field: string; value: string };
}

function specOf(raw: Dict): Spec {
  // Continue's older shape nests everything under `transport: { type, url, command, args }`.
  const nested = dict(raw.transport);
  const src: Dict = { ...raw, ...nested };
  // Zed's `context_servers` nest the program as `command: { path, args, env }`.
  const program = isDict(src.command)
    ? src.command
    : { path: src.command, args: src.args, env: src.env };
  const typeField = ['type', 'transport', 'transportType'].find((f) => text(src[f]) !== undefined);
  const spec: Spec = {
    url: text(src.url) ?? text(src.serverUrl) ?? text(src.httpUrl),
    command: text(program.path),
    args: texts(program.args),
    env: dict(program.env),
    headers: { ...dict(dict(src.requestOptions).headers), ...dict(src.headers) },
  };
  if (typeField) {
    const field = isDict(raw.transport) ? `transport.${typeField}` : typeField;
    spec.type = { field, value: text(src[typeField]) ?? '' };
  }
  return spec;
}

const BRIDGES = ['mcp-remote', 'supergateway', 'mcp-proxy'];
const URL_IN_TEXT = /https?:\/\/[^\s"'<>]+/i;

function isCrossTradeUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'crosstrade.io' || host.endsWith('.crosstrade.io');
  } catch {
    return false;
  }
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

// ───────────────────────────── secrets ─────────────────────────────

const SECRET_ENV = /token|secret|api[_-]?key|password|passwd|auth|credential|(^|_)key$/i;
// Any header named like a credential: `Authorization`, `X-Auth-Token`, `X-API-Key`, `X-CrossTrade-Key`.
const SECRET_HEADER = /auth|token|secret|api[_-]?key|key$|cookie|passw(or)?d|credential/i;
const SECRET_FLAG = /^--(access-?token|token|api-?key|secret|password)$/i;
const SECRET_PARAM = /token|key|secret|auth|password|signature|^sig$/i;

/** `${input:x}`, `${env:X}`, `{{x}}`, `$X`, `%X%`, `<your-token>`, `YOUR_TOKEN_HERE`: not a secret. */
function isPlaceholder(value: string): boolean {
  return (
    /\$\{[^}]*\}|\{\{[^}]*\}\}|^\$[A-Za-z_]\w*$|^%[A-Za-z_]\w*%$|^<[^>]*>$/.test(value) ||
    /^(your|my)[_-]|[_-]here$|^x{3,}$/i.test(value)
  );
}

/** How a value holds a secret, or undefined when it holds none. */
function secretKind(value: string): SecretSighting['kind'] | undefined {
  const v = value.trim();
  const body = v.replace(/^(bearer|basic|token)\s+/i, '').trim();
  if (body === '' || /^(bearer|basic)$/i.test(v)) return undefined;
  if (isPlaceholder(body)) return 'reference';
  if (/^bearer\s/i.test(v)) return 'bearer';
  if (/^basic\s/i.test(v)) return 'basic';
  return 'token';
}

type See = (key: string, kind: SecretSighting['kind'] | undefined, label?: string) => void;

function secretsOf(
  spec: Spec,
  tokens: readonly string[],
  url: string | undefined,
): SecretSighting[] {
  const found = new Map<string, SecretSighting>();
  const see: See = (key, kind, label = key) => {
    if (kind && !found.has(key)) found.set(key, { where: label, kind });
  };
  // Arguments first: `--header Authorization:${AUTH}` names the env variable that holds the secret.
  argSecrets(tokens, spec.env, see);
  for (const [name, value] of Object.entries(spec.headers)) {
    if (SECRET_HEADER.test(name) && typeof value === 'string')
      see(`headers.${name}`, secretKind(value));
  }
  for (const [name, value] of Object.entries(spec.env)) {
    if (typeof value !== 'string') continue;
    const kind = secretKind(value);
    const pasted =
      kind === 'bearer' || kind === 'basic' || (kind === 'token' && SECRET_ENV.test(name));
    if (pasted) see(`env.${name}`, kind);
  }
  if (url) urlSecrets(url, see);
  return [...found.values()];
}

function argSecrets(tokens: readonly string[], env: Dict, see: See): void {
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    let header: string | undefined;
    if (token === '--header' || token === '-H') header = tokens[(i += 1)];
    else if (token.startsWith('--header=')) header = token.slice('--header='.length);
    if (header !== undefined) {
      const match = /^\s*([\w-]+)\s*:\s*(.*)$/s.exec(header);
      if (!match || !SECRET_HEADER.test(match[1] ?? '')) continue;
      const [, name = '', value = ''] = match;
      const where = `args (--header ${name})`;
      const refs = [...value.matchAll(/\$\{(\w+)\}|\$(\w+)/g)].map((m) => m[1] ?? m[2] ?? '');
      if (refs.length === 0) see(where, secretKind(value));
      for (const ref of refs) {
        const fromEnv = text(env[ref]);
        const kind = fromEnv === undefined ? undefined : secretKind(fromEnv);
        if (kind && kind !== 'reference')
          see(`env.${ref}`, kind, `env.${ref} (sent as --header ${name})`);
        else see(where, 'reference');
      }
      continue;
    }
    const [flag = '', inline] = token.split(/=(.*)/s);
    if (SECRET_FLAG.test(flag)) {
      const value = inline ?? tokens[(i += 1)] ?? '';
      see(`args (${flag})`, secretKind(value));
    } else if (/\bbearer\s+\S/i.test(token)) {
      see('args', 'bearer');
    }
  }
}

function urlSecrets(url: string, see: See): void {
  try {
    const parsed = new URL(url);
    if (parsed.password || parsed.username) see('the address (user name and password)', 'basic');
    for (const [name, value] of parsed.searchParams) {
      if (SECRET_PARAM.test(name)) see(`the address (its ${name} parameter)`, secretKind(value));
    }
  } catch {
    // Not a URL: the address finding says so.
  }
}

/** The address with any credential in it replaced, then redacted like every other text. */
function redactUrl(url: string): string {
  const withoutSecrets = url
    .replace(/^([a-z]+:\/\/)[^/@\s]*@/i, '$1[redacted]@')
    .replace(/([?&])([^=&#]+)=([^&#]*)/g, (whole, sep: string, name: string) =>
      SECRET_PARAM.test(name) ? `${sep}${name}=[redacted]` : whole,
    );
  return redact(withoutSecrets);
}

// ───────────────────────────── rules ─────────────────────────────

type Advice = [problem: string, fix: string];

function urlReasons(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['it is not a valid web address'];
  }
  const official = new URL(OFFICIAL_MCP_URL);
  const reasons: string[] = [];
  if (parsed.protocol === 'http:') reasons.push('it starts with http:// instead of https://');
  else if (parsed.protocol !== 'https:')
    reasons.push(`it starts with ${parsed.protocol} instead of https://`);
  if (parsed.hostname === LEGACY_MCP_HOST) {
    reasons.push(
      `${LEGACY_MCP_HOST} is the legacy address from old documentation; the server is ${official.hostname}`,
    );
  } else if (parsed.hostname !== official.hostname) {
    reasons.push(`it points to ${parsed.hostname} instead of ${official.hostname}`);
  }
  if (parsed.port) reasons.push(`it names port ${parsed.port}`);
  if (parsed.pathname !== official.pathname) {
    reasons.push(`the path is ${parsed.pathname} instead of ${official.pathname}`);
  }
  if (parsed.search || parsed.hash) reasons.push('it has extra text after the path');
  if (reasons.length === 0) reasons.push(`it must be written exactly as ${OFFICIAL_MCP_URL}`);
  return reasons;
}

function urlAdvice(entry: CrossTradeEntry, client: string): Advice | undefined {
  if (entry.url === undefined) {
    const program = entry.command ? ` (${entry.command})` : '';
    return [
      `It starts a program on this computer${program} instead of connecting to CrossTrade's hosted MCP server.`,
      `Replace it with CrossTrade's hosted server at ${OFFICIAL_MCP_URL}, unless you meant to run that program; then restart ${client}.`,
    ];
  }
  if (entry.url === OFFICIAL_MCP_URL) return undefined;
  const target = entry.bridge ? `the address given to ${entry.bridge}` : 'the address';
  return [
    `The address ${entry.url} is not CrossTrade's MCP address: ${urlReasons(entry.url).join('; ')}.`,
    `Change ${target} to exactly ${OFFICIAL_MCP_URL}, then restart ${client}.`,
  ];
}

/** How each client spells Streamable HTTP in its `type` field. */
const HTTP_TYPE: Readonly<Record<string, string>> = {
  'Claude Code': 'http',
  'VS Code': 'http',
  Cline: 'streamableHttp',
  Continue: 'streamable-http',
};

function transportAdvice(entry: CrossTradeEntry, client: string): Advice | undefined {
  const sse = entry.sse;
  if (!sse) return undefined;
  const problem = `It uses the old SSE transport (${sse.detail}); CrossTrade's MCP server needs Streamable HTTP.`;
  const program = entry.bridge ?? 'program';
  let fix: string;
  if (sse.source === 'type') {
    const field = sse.detail.split(' ')[0] ?? 'type';
    const httpType = HTTP_TYPE[client];
    fix = httpType
      ? `Change ${field} from "sse" to "${httpType}"`
      : `Delete the ${sse.detail} setting`;
    fix += `, keep the address ${OFFICIAL_MCP_URL}, and restart ${client}.`;
  } else if (sse.detail === '--sse') {
    fix = `Replace --sse with --streamableHttp in the ${program} arguments, with the address ${OFFICIAL_MCP_URL}.`;
  } else if (sse.source === 'flag') {
    fix = `Remove ${sse.detail} from the ${program} arguments, then restart ${client}.`;
  } else {
    fix = `Use ${OFFICIAL_MCP_URL} instead of an /sse address; ${client} then connects with Streamable HTTP.`;
  }
  return [problem, fix];
}

const SECRET_WORDS: Record<Exclude<SecretSighting['kind'], 'reference'>, string> = {
  bearer: 'An access token (Bearer)',
  basic: 'A password (Basic credentials)',
  token: 'A token',
};

// Wording note: the texts avoid "Bearer <word>" and "Authorization:" so that redaction, which
// every output goes through again, leaves them intact (a test holds us to it).
function secretAdvice(entry: CrossTradeEntry, client: string): Advice | undefined {
  const pasted = entry.secrets.filter((s) => s.kind !== 'reference');
  const fixed = entry.secrets.filter((s) => s.kind === 'reference');
  if (pasted.length > 0) {
    const where = pasted
      .map((s) => `${SECRET_WORDS[s.kind as keyof typeof SECRET_WORDS]} is pasted in ${s.where}`)
      .join('. ');
    return [
      `${where}. That is a secret in plain text: anyone who can read this file can use it.`,
      `Delete it from the file, then revoke it on CrossTrade's AI Clients page (${AI_CLIENTS_URL}); ${client} signs in through your browser (OAuth) without it.`,
    ];
  }
  if (fixed.length > 0) {
    return [
      `A fixed Authorization header is set (${fixed.map((s) => s.where).join(', ')}): it skips CrossTrade's sign-in and fails once that token expires or is revoked.`,
      `Remove it and let ${client} sign in through your browser (OAuth).`,
    ];
  }
  return undefined;
}

/** What each parse error means and how to fix it, in a trader's words. */
function parseAdvice(code: string, client: string): { what: string; fix: string } {
  const table: Record<string, [string, string]> = {
    CommaExpected: [
      'a comma is missing just before this spot',
      'add the missing comma (,) at the end of the previous item',
    ],
    PropertyNameExpected: [
      'a name in double quotes is expected here',
      'remove a comma left before } or put the name in "double quotes"',
    ],
    ValueExpected: [
      'a value is missing here',
      'remove a comma left before } or ], or add the missing value',
    ],
    ColonExpected: [
      'a colon (:) is missing after a name',
      'add the colon between the name and its value',
    ],
    CloseBraceExpected: ['a closing brace } is missing', 'add the missing }'],
    CloseBracketExpected: ['a closing bracket ] is missing', 'add the missing ]'],
    EndOfFileExpected: [
      'there is more text after the end of the settings',
      'remove the extra text or move it inside the main { } block',
    ],
    InvalidSymbol: [
      'an unexpected character',
      'remove it; use straight double quotes (") rather than curly ones',
    ],
    InvalidCharacter: [
      'a line break or tab inside a text value',
      'close the text on the same line',
    ],
    InvalidEscapeCharacter: [
      'a single backslash (\\) inside a text value',
      'double every backslash in Windows paths (C:\\\\Program Files) or use forward slashes',
    ],
    InvalidUnicode: ['a broken \\u escape in a text value', 'fix or remove the \\u sequence'],
    InvalidNumberFormat: ['a badly written number', 'write the number with digits only'],
    UnexpectedEndOfNumber: ['a badly written number', 'write the number with digits only'],
    UnexpectedEndOfString: ['a text value is not closed', 'add the closing double quote (")'],
    UnexpectedEndOfComment: ['a comment is not closed', 'close it with */ or delete it'],
    InvalidCommentToken: [`a comment, which ${client} does not accept`, 'delete the comment'],
    Comment: [
      `a comment, which ${client} does not accept`,
      'delete the comment (this file must be plain JSON)',
    ],
    TrailingComma: [
      `a comma before a closing } or ], which ${client} does not accept`,
      'delete that comma (this file must be plain JSON)',
    ],
    NotAnObject: [
      'the file is not one { } settings block',
      'make the whole file one { } block, as the client documentation shows',
    ],
    Unreadable: ['the file could not be opened', 'check that your user account may read it'],
    TAB_AS_INDENT: ['a tab used for indentation', 'indent with spaces only'],
    BAD_INDENT: ['wrong indentation', 'line the item up with its neighbours, using spaces'],
    DUPLICATE_KEY: ['the same name appears twice', 'keep one of them'],
    MISSING_CHAR: ['a missing character (a colon, quote or dash)', 'add the missing character'],
  };
  const [what, fix] = table[code] ?? [
    `a syntax error (${code})`,
    'fix the syntax there (quotes, colons, commas, indentation)',
  ];
  return { what, fix };
}

function at(error: ConfigParseError): string {
  return error.line !== undefined
    ? ` at line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''}`
    : '';
}

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
    problem: `${file.client} cannot read this file: ${what}${at(error)}.`,
    fix: `Open the file${at(error)}, ${fix}, and save it; until then ${file.client} ignores every MCP server in this file.`,
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

/** The audit: every finding, and each file's CrossTrade entries with their status. Redacted. */
export function auditClientFiles(files: readonly ClientFileScan[]): ClientAuditReport {
  const findings: ClientFinding[] = [];
  const flagged = new Set<CrossTradeEntry>();
  for (const file of files) {
    if (file.parseError) findings.push(parseFinding(file, file.parseError));
    for (const entry of file.entries) {
      const own = entryFindings(file, entry);
      if (own.length > 0) flagged.add(entry);
      findings.push(...own);
    }
  }
  for (const [finding, entries] of duplicateFindings(files)) {
    findings.push(finding);
    for (const entry of entries) flagged.add(entry);
  }
  return redact({ clients: files.map((file) => summarize(file, flagged)), findings });
}

/** Extraction then audit, for parsed documents held in memory (tests, the window's preview). */
export function auditClientConfigs(documents: readonly ClientConfigDocument[]): ClientAuditReport {
  return auditClientFiles(documents.map(toFileScan));
}

export function toFileScan(document: ClientConfigDocument): ClientFileScan {
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
