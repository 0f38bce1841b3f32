// Parsing with real parsers: JSONC and YAML succeed, and errors carry a position but no content.
import { describe, expect, it } from 'vitest';
import { lineColumn, parseConfigText } from '../../electron/monitor/clients/parse';

describe('parseConfigText', () => {
  it('reads JSONC with comments and trailing commas where the client accepts them', () => {
    const text =
      '{\n  // servers\n  "mcpServers": {\n    /* CrossTrade */ "crosstrade": { "url": "u", },\n  },\n}\n';
    expect(parseConfigText(text, 'jsonc')).toEqual({
      value: { mcpServers: { crosstrade: { url: 'u' } } },
    });
  });

  it('flags a comment or a trailing comma in a plain-JSON file, and still returns the document', () => {
    expect(parseConfigText('{\n  // note\n  "a": 1\n}', 'json')).toEqual({
      value: { a: 1 },
      error: { code: 'Comment', line: 2, column: 3 },
    });
    expect(parseConfigText('{\n  "a": [1, 2,],\n  "b": 2\n}', 'json')).toMatchObject({
      value: { a: [1, 2], b: 2 },
      error: { code: 'TrailingComma', line: 2 },
    });
  });

  it('gives the position and kind of a syntax error, and no document', () => {
    expect(parseConfigText('{\n  "a": 1\n  "b": 2\n}', 'jsonc')).toEqual({
      error: { code: 'CommaExpected', line: 3, column: 3 },
    });
    expect(parseConfigText('{\n  "a": {\n', 'jsonc')).toMatchObject({
      error: { code: 'CloseBraceExpected' },
    });
    expect(parseConfigText('{ "cmd": "C:\\Tools\\x" }', 'json')).toEqual({
      error: { code: 'InvalidEscapeCharacter', line: 1, column: 13 },
    });
  });

  it('reads YAML, and reports a YAML error by code and position only', () => {
    expect(parseConfigText('mcpServers:\n  - name: CrossTrade\n    url: u\n', 'yaml')).toEqual({
      value: { mcpServers: [{ name: 'CrossTrade', url: 'u' }] },
    });
    const broken = parseConfigText('models:\n  - apiKey: sk-secret-123\n\t- name: x\n', 'yaml');
    expect(broken.value).toBeUndefined();
    expect(broken.error).toMatchObject({ code: 'TAB_AS_INDENT', line: 3, column: 1 });
    expect(JSON.stringify(broken)).not.toContain('sk-secret-123');
  });

  it('treats an empty file as no servers, and a non-object as unreadable', () => {
    expect(parseConfigText('', 'json')).toEqual({});
    expect(parseConfigText('  \n', 'yaml')).toEqual({});
    expect(parseConfigText('[1, 2]', 'jsonc')).toEqual({
      error: { code: 'NotAnObject', line: 1, column: 1 },
    });
    expect(parseConfigText('just text', 'yaml')).toEqual({
      error: { code: 'NotAnObject', line: 1, column: 1 },
    });
  });

  it('ignores a byte-order mark', () => {
    expect(parseConfigText('\uFEFF{"a": 1}', 'json')).toEqual({ value: { a: 1 } });
  });
});

describe('lineColumn', () => {
  it('counts from 1 and understands CRLF', () => {
    expect(lineColumn('ab\r\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\r\ncd', 5)).toEqual({ line: 2, column: 2 });
  });
});
