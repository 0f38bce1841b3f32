// Server text made safe to show: no terminal control sequences (clear-screen, cursor moves, window
// titles, BEL, backspace) and no bidirectional overrides that make "ERROR" read as "all OK".
// Pure: used by the payload parsers, diagnose, the CLI and the support report alike.

/** ANSI escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`), and two-byte escapes. */
const ANSI_SEQUENCE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
/** C0 (but tab and line breaks), DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Tab, CR, and the Unicode line and paragraph separators: shown as a space. */
const SPACING = /[\t\r\u2028\u2029]/g;
/** Bidirectional controls: marks, embeddings, overrides and isolates. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export interface PlainTextOptions {
  /** Keep `\n` (a multi-line format); otherwise a line break becomes a space. */
  keepNewlines?: boolean;
}

/** The text without control characters, escape sequences or bidi controls. */
export function plainText(text: string, options: PlainTextOptions = {}): string {
  let out = text.replace(ANSI_SEQUENCE, '').replace(SPACING, ' ');
  if (!options.keepNewlines) out = out.replace(/\n/g, ' ');
  return out.replace(CONTROL, '').replace(BIDI, '');
}

/**
 * plainText, at most `max` characters: a longer text is cut at a word boundary (no half token is
 * left for redaction to miss) and ends with "…".
 */
export function clipText(text: string, max: number): string {
  const plain = plainText(text);
  if (plain.length <= max) return plain;
  return `${plain.slice(0, max).replace(/\S*$/, '')}…`;
}

export interface PlainValueLimits {
  /** Levels of objects/arrays kept; deeper ones become a note. */
  maxDepth: number;
  /** Characters per string (and key). */
  maxText: number;
  /** Values kept in all; the rest are left out with a note. */
  maxValues: number;
}

export const TOO_DEEP = '[nested too deep]';

/**
 * A plain, bounded copy of JSON-like server data: strings and keys through clipText, at most
 * `maxDepth` levels and `maxValues` values. Recursion stops at `maxDepth`, so no input, however
 * deep, can exhaust the stack here or in whatever walks the copy (redaction, JSON, IPC cloning).
 */
export function plainValue(value: unknown, limits: PlainValueLimits): unknown {
  const budget = { left: limits.maxValues };
  const copy = (item: unknown, depth: number): unknown => {
    budget.left -= 1;
    if (typeof item === 'string') return clipText(item, limits.maxText);
    if (typeof item === 'number' || typeof item === 'boolean' || item === null) return item;
    if (typeof item !== 'object') return undefined;
    if (depth >= limits.maxDepth) return TOO_DEEP;
    if (Array.isArray(item)) {
      const out: unknown[] = [];
      for (const child of item) {
        if (budget.left <= 0) {
          out.push('…');
          break;
        }
        out.push(copy(child, depth + 1));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(item)) {
      if (budget.left <= 0) {
        out['…'] = 'more fields not kept';
        break;
      }
      // defineProperty: a `__proto__` key from JSON stays a plain field.
      Object.defineProperty(out, clipText(key, limits.maxText), {
        value: copy(child, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return copy(value, 0);
}
