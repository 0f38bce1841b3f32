// electron/policy/ holds pure decisions: no Electron, no I/O, so they are tested without either.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const POLICY_DIR = resolve(import.meta.dirname, '..', '..', '..', 'electron', 'policy');
const IMPORT =
  /^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/gm;

describe('electron/policy', () => {
  const files = readdirSync(POLICY_DIR).filter((name) => name.endsWith('.ts'));

  it('imports neither electron nor any module that does I/O', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const source = readFileSync(join(POLICY_DIR, file), 'utf8');
      const specifiers = [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
      for (const specifier of specifiers) {
        // Siblings, shared/ and the engine's type surface only: no electron, Node or adapters.
        expect(specifier, `${file} imports ${specifier}`).toMatch(
          /^(\.\/[\w-]+|\.\.\/\.\.\/shared\/[\w-]+|\.\.\/monitor\/engine-types)$/,
        );
      }
    }
  });

  it('says so at the top of every file', () => {
    for (const file of files) {
      expect(readFileSync(join(POLICY_DIR, file), 'utf8').split('\n')[0]).toBe(
        '// PURE policy: no `electron` import here (design.md §5). Decisions only, tested without Electron.',
      );
    }
  });
});
