// Parses a configuration file's text with real parsers: jsonc-parser (comments, trailing commas)
// and yaml. Errors come back as a code and a line/column, never as the parser's message: those
// quote the offending line, which may hold a secret.
import { createScanner, parse as parseJsonc, printParseErrorCode } from 'jsonc-parser';
import type { ParseError, SyntaxKind } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import type { ConfigParseError } from '../../../shared/client-audit';
import { MAX_NESTING, nestedDeeperThan } from '../../../shared/payloads';
import type { ConfigFormat } from './locations';

/** Alias expansions a YAML file may make: a settings file needs few, a "billion laughs" millions. */
const MAX_YAML_ALIASES = 100;

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values.
const OPEN_BRACE: SyntaxKind = 1;
const CLOSE_BRACE: SyntaxKind = 2;
const OPEN_BRACKET: SyntaxKind = 3;
const CLOSE_BRACKET: SyntaxKind = 4;
const EOF: SyntaxKind = 17;

export interface ParsedConfig {
  /** The document; absent when the file is empty or does not parse at all. */
  value?: unknown;
  /** Set when the client cannot read the file, even if `value` could still be recovered. */
  error?: ConfigParseError;
}

const LENIENT = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };
const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true };

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function jsonError(text: string, error: ParseError, code: string): ConfigParseError {
  let offset = error.offset;
  if (code === 'InvalidEscapeCharacter') {
    // The parser points at the start of the text value; point at the backslash itself.
    const badEscape = /\\[^"\\/bfnrtu]/g;
    badEscape.lastIndex = offset;
    offset = badEscape.exec(text)?.index ?? offset;
  }
  return { code, ...lineColumn(text, offset) };
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Where the text first nests deeper than `max` levels, if it does. The scanner is iterative; the
 * parser recurses per level and overflows the stack on a few thousand.
 */
function tooDeepAt(text: string, max: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) {
      depth += 1;
      if (depth > max) return scanner.getTokenOffset();
    } else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function parseJson(text: string, strict: boolean): ParsedConfig {
  const deepAt = tooDeepAt(text, MAX_NESTING);
  if (deepAt !== undefined) return { error: { code: 'TooDeep', ...lineColumn(text, deepAt) } };
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, LENIENT);
  const first = errors[0];
  if (first) return { error: jsonError(text, first, printParseErrorCode(first.error)) };
  if (value === undefined) return {};
  if (!isObject(value)) return { error: { code: 'NotAnObject', line: 1, column: 1 } };
  if (strict) {
    // It parses as JSONC; anything plain JSON rejects now is a comment or a trailing comma.
    const strictErrors: ParseError[] = [];
    parseJsonc(text, strictErrors, STRICT);
    const strictFirst = strictErrors[0];
    if (strictFirst) {
      const code =
        printParseErrorCode(strictFirst.error) === 'InvalidCommentToken'
          ? 'Comment'
          : 'TrailingComma';
      return { value, error: jsonError(text, strictFirst, code) };
    }
  }
  return { value };
}

function parseYaml(text: string): ParsedConfig {
  const document = parseDocument(text, { prettyErrors: true });
  const first = document.errors[0];
  if (first) {
    const position = first.linePos?.[0];
    return { error: { code: first.code, line: position?.line, column: position?.col } };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    // Past maxAliasCount (an alias bomb) toJS throws a ReferenceError; a stack overflow is depth.
    return { error: { code: error instanceof RangeError ? 'TooDeep' : 'TooManyAliases' } };
  }
  if (nestedDeeperThan(value, MAX_NESTING)) return { error: { code: 'TooDeep' } };
  if (value === null || value === undefined) return {};
  return isObject(value) ? { value } : { error: { code: 'NotAnObject', line: 1, column: 1 } };
}

export function parseConfigText(text: string, format: ConfigFormat): ParsedConfig {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return format === 'yaml' ? parseYaml(body) : parseJson(body, format === 'json');
}
