import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipText, plainText, plainValue, TOO_DEEP } from '../../shared/sanitize';

/** C0 but newline, DEL, C1, and the bidi controls: what must never reach a terminal. */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const FORBIDDEN_CHARS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)),
  ...Array.from({ length: 33 }, (_, i) => String.fromCharCode(0x7f + i)),
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2028',
  '\u2029',
];

/** Strings heavy in what a hostile server sends: escapes, controls, bidi, and ordinary text. */
const hostileText = fc
  .array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(...FORBIDDEN_CHARS),
      fc.constantFrom(
        '\u001b[2J',
        '\u001b[H',
        '\u001b]0;title\u0007',
        '\u001b]8;;http://x\u001b\\',
        '\u009b31m',
        '\u001bc',
      ),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('plainText', () => {
  it('leaves no control or bidi character, whatever the input', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = plainText(text);
        expect(out).not.toMatch(FORBIDDEN);
        expect(out).not.toContain('\n');
      }),
    );
  });

  it('keeps newlines only when asked, and nothing else', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = plainText(text, { keepNewlines: true });
        expect(out).not.toMatch(FORBIDDEN);
        expect(out.split('\n').length).toBe(text.split('\n').length);
      }),
    );
  });

  it('is idempotent and never lengthens the text', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = plainText(text);
        expect(plainText(out)).toBe(out);
        expect(out.length).toBeLessThanOrEqual(text.length);
      }),
    );
  });

  it('leaves printable text (any script, emoji) alone', () => {
    const printable = fc
      .string({ unit: 'grapheme' })
      .filter((s) => !FORBIDDEN.test(s) && !/[\n\u2028\u2029]/.test(s));
    fc.assert(
      fc.property(printable, (text) => {
        expect(plainText(text)).toBe(text);
      }),
    );
  });

  it('removes a screen takeover whole, keeping the words around it', () => {
    expect(
      plainText('ERROR\u001b[2J\u001b[H\u001b]0;pwned\u0007 all \u202eKO\u202c\u0008\u0008 OK'),
    ).toBe('ERROR all KO OK');
    expect(plainText('a\tb\r\nc')).toBe('a b  c');
  });
});

describe('clipText', () => {
  it('cuts long text at a word, so no half token is left', () => {
    const token = 'x'.repeat(30);
    const out = clipText(`word ${token}`, 20);
    expect(out).toBe('word …');
    expect(clipText('short', 20)).toBe('short');
  });
});

describe('plainValue', () => {
  it('bounds depth without recursing past it, however deep the input', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const out = plainValue(deep, { maxDepth: 3, maxText: 100, maxValues: 100 });
    expect(out).toEqual({ a: { a: { a: TOO_DEEP } } });
  });

  it('bounds the number of values and makes keys and strings plain', () => {
    const wide = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`k\u001b[2J${i}`, `v\u202e${i}`]),
    );
    const out = plainValue(wide, { maxDepth: 5, maxText: 100, maxValues: 10 }) as Record<
      string,
      unknown
    >;
    expect(Object.keys(out).length).toBeLessThanOrEqual(11);
    expect(JSON.stringify(out)).not.toMatch(/\\u001b|\u202e/);
    expect(out.k0).toBe('v0');
  });

  it('keeps a __proto__ key from JSON as a plain field', () => {
    const out = plainValue(JSON.parse('{"__proto__":{"polluted":true}}'), {
      maxDepth: 5,
      maxText: 100,
      maxValues: 10,
    });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });
});
