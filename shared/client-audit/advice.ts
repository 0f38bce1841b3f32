// What each finding says: the problem and the fix, in a trader's words.
import { AI_CLIENTS_URL, LEGACY_MCP_HOST, OFFICIAL_MCP_URL } from '../crosstrade';
import { urlOf } from '../format';
import type { CrossTradeEntry, SecretSighting } from './types';

export type Advice = [problem: string, fix: string];

function urlReasons(url: string): string[] {
  const parsed = urlOf(url);
  if (!parsed) return ['it is not a valid web address'];
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

export function urlAdvice(entry: CrossTradeEntry, client: string): Advice | undefined {
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

export function transportAdvice(entry: CrossTradeEntry, client: string): Advice | undefined {
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
export function secretAdvice(entry: CrossTradeEntry, client: string): Advice | undefined {
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
export function parseAdvice(code: string, client: string): { what: string; fix: string } {
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

/** " at line 4, column 5", " at line 4", or nothing when the position is unknown. */
export function positionText(position: { line?: number; column?: number }): string {
  return position.line !== undefined
    ? ` at line ${position.line}${position.column !== undefined ? `, column ${position.column}` : ''}`
    : '';
}
