// The audit's data: what extraction keeps of each file and what the rules report.
import type { ClientFinding } from '../health';

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
  /** The file the client reads instead of this one (shown as the trader writes it). */
  staleFor?: string;
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
  /** Something to know about the file, e.g. that its client no longer reads it. */
  note?: string;
  /** `none`: the file parses and has no CrossTrade entry, or its client does not read it. */
  status: 'ok' | 'problem' | 'none';
}

/** What the window's "Your AI clients" section, `doctor clients` and diagnose read. */
export interface ClientAuditReport {
  clients: ClientConfigStatus[];
  findings: ClientFinding[];
  /** Every place the audit looked (wildcards kept), for "none found" to say where it looked. */
  searched?: string[];
}
