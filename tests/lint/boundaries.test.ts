// The dependency directions of design.md §1, enforced by ESLint: prove each rule bites.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ["import { readFile } from 'node:fs/promises';", 'node:fs/promises'],
    ["import path from 'path';", 'path'],
    ["import { app } from 'electron';", 'electron'],
    ["import { useState } from 'react';", 'react'],
  ])('rejects `%s` in shared/', async (source) => {
    const errors = await importErrors('shared/example.ts', `${source}\nexport const x = 1;\n`);
    expect(errors).toHaveLength(1);
  });

  it.each([
    ["import { ipcRenderer } from 'electron';"],
    ["import { readFileSync } from 'node:fs';"],
    ["import os from 'os';"],
  ])('rejects `%s` in renderer/', async (source) => {
    const errors = await importErrors('renderer/example.tsx', `${source}\nexport const x = 1;\n`);
    expect(errors).toHaveLength(1);
  });

  it('rejects electron in electron/monitor/ but allows Node there', async () => {
    expect(
      await importErrors(
        'electron/monitor/example.ts',
        "import { app } from 'electron';\nexport const a = app;\n",
      ),
    ).toHaveLength(1);
    expect(
      await importErrors(
        'electron/monitor/example.ts',
        "import { readFile } from 'node:fs/promises';\nexport const r = readFile;\n",
      ),
    ).toEqual([]);
  });

  it('allows electron in the thin adapters and zod in shared/', async () => {
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
  });
});
