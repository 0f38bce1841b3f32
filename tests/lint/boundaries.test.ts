// The dependency directions of design.md §1, enforced by ESLint: prove each rule bites.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary rules: no-restricted-imports, and no-restricted-syntax for `import()`. */
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId))
    .map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ["import { readFile } from 'node:fs/promises';", 'node:fs/promises'],
    ["import path from 'path';", 'path'],
    ["import { app } from 'electron';", 'electron'],
    ["import { useState } from 'react';", 'react'],
    ["import { app } from 'electron/main';", 'electron/main'],
    ["import { ipcRenderer } from 'electron/renderer';", 'electron/renderer'],
    ["import { jsx } from 'react/jsx-runtime';", 'react/jsx-runtime'],
    ["export { readFile } from 'fs/promises';", 'a re-export of fs/promises'],
    [
      "export const load = async () => (await import('node:fs')).readFileSync;",
      "import('node:fs')",
    ],
    ["export const load = () => import('electron/main');", "import('electron/main')"],
  ])('rejects `%s` in shared/', async (source) => {
    const errors = await importErrors('shared/example.ts', `${source}\nexport const x = 1;\n`);
    expect(errors).toHaveLength(1);
  });

  it.each(['tsx', 'js', 'mjs', 'cjs', 'mts'])(
    'applies the shared/ rules to .%s files',
    async (ext) => {
      const errors = await importErrors(
        `shared/example.${ext}`,
        "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      );
      expect(errors).toHaveLength(1);
    },
  );

  it.each([
    ["import { ipcRenderer } from 'electron';"],
    ["import { readFileSync } from 'node:fs';"],
    ["import os from 'os';"],
    ["import { ipcRenderer } from 'electron/renderer';"],
    ["import { app } from 'electron/main';"],
    ["export const load = () => import('os');"],
  ])('rejects `%s` in renderer/', async (source) => {
    const errors = await importErrors('renderer/example.tsx', `${source}\nexport const x = 1;\n`);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ["import { app } from 'electron';"],
    ["import { app } from 'electron/main';"],
    ["import { net } from 'electron/common';"],
    ["export const load = () => import('electron');"],
  ])('rejects `%s` in electron/monitor/', async (source) => {
    const errors = await importErrors(
      'electron/monitor/example.ts',
      `${source}\nexport const x = 1;\n`,
    );
    expect(errors).toHaveLength(1);
  });

  it('allows Node and other dynamic imports in electron/monitor/', async () => {
    expect(
      await importErrors(
        'electron/monitor/example.ts',
        "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n",
      ),
    ).toEqual([]);
    expect(
      await importErrors(
        'electron/monitor/example.ts',
        "export const list = async () => (await import('ps-list')).default;\n",
      ),
    ).toEqual([]);
  });

  it('allows electron in the thin adapters, zod in shared/ and React in renderer/', async () => {
    expect(
      await importErrors(
        'electron/tray.ts',
        "import { Tray } from 'electron';\nexport const t = Tray;\n",
      ),
    ).toEqual([]);
    expect(
      await importErrors(
        'shared/example.ts',
        "import { z } from 'zod';\nexport const s = z.string();\n",
      ),
    ).toEqual([]);
    expect(
      await importErrors(
        'renderer/example.tsx',
        "import { jsx } from 'react/jsx-runtime';\nimport { z } from 'zod';\nexport const a = [jsx, z];\n",
      ),
    ).toEqual([]);
  });

  it('does not mistake a module that merely starts like a banned one', async () => {
    expect(
      await importErrors(
        'shared/example.ts',
        "import { a } from 'electronics';\nimport { b } from 'reactive';\nimport { c } from 'pathe';\nexport const x = [a, b, c];\n",
      ),
    ).toEqual([]);
  });
});
