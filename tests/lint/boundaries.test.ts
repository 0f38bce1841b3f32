// The dependency directions between folders, enforced by ESLint (eslint.config.js and
// eslint-rules/architecture.js): each rule is proven to bite, and allowed imports to pass.
// Files are linted by virtual path, so the rules see exactly what a real file there would.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The boundary rules: bare names (no-restricted-*), folders (layers), IPC ends (ipc-home). */
const BOUNDARY_RULES = new Set([
  'no-restricted-imports',
  'no-restricted-syntax',
  'architecture/layers',
  'architecture/ipc-home',
]);

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  expect(fatal, `${filePath} does not parse`).toEqual([]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId))
    .map((m) => m.message);
}

/** A module that uses what it imports, so only the boundary rules can complain. */
const using = (line: string) => `${line}\nexport const used = [x];\n`;

describe('import boundaries: package names', () => {
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
    // `ipcRenderer` outside the preload is a second, separate error.
    expect(errors.filter((e) => !e.startsWith('ipcRenderer'))).toHaveLength(1);
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
    expect(errors.filter((e) => !e.startsWith('ipcRenderer'))).toHaveLength(1);
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

  it.each([
    ["import { app } from 'electron';", 'call Electron'],
    ["import { shell } from 'electron/main';", 'call Electron'],
    ["import { readFileSync } from 'node:fs';", 'no I/O'],
    ["import { homedir } from 'os';", 'no I/O'],
    ["export const load = () => import('node:fs/promises');", 'no I/O'],
  ])('rejects `%s` in electron/policy/', async (source, advice) => {
    const errors = await importErrors('electron/policy/example.ts', using(source));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('electron/policy/ is pure');
    expect(errors[0]).toContain(advice);
  });

  it.each([
    ['cli/example.ts', "import { app } from 'electron';"],
    ['cli/example.ts', "export const load = () => import('electron/main');"],
    ['bin/example.ts', "import { app } from 'electron';"],
  ])('rejects electron in %s: `%s`', async (file, source) => {
    const errors = await importErrors(file, using(source));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('cli/ and bin/ run under plain Node');
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
    expect(
      await importErrors(
        'electron/policy/example.ts',
        "import { z } from 'zod';\nimport semver from 'semver';\nexport const a = [z, semver];\n",
      ),
    ).toEqual([]);
    expect(await importErrors('cli/example.ts', using("import x from 'node:readline';"))).toEqual(
      [],
    );
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

describe('import boundaries: folders, by relative path', () => {
  it.each([
    // shared/ is pure: it reaches no other folder.
    ['shared/example.ts', "import { x } from '../electron/shell';", 'the Electron adapters'],
    ['shared/example.ts', "import { x } from '../electron/monitor/engine';", 'electron/monitor/'],
    ['shared/example.ts', "import { x } from '../electron/policy/pause';", 'electron/policy/'],
    ['shared/example.ts', "import { x } from '../renderer/store';", 'renderer/'],
    ['shared/example.ts', "import { x } from '../simulator/index';", 'simulator/'],
    ['shared/example.ts', "import { x } from '../cli/doctor';", 'cli/'],
    ['shared/example.ts', "import { x } from '../bin/doctor';", 'bin/'],
    ['shared/example.ts', "import { x } from '../scripts/icons';", 'scripts/'],
    // renderer/ reaches the app only through the preload bridge.
    ['renderer/example.tsx', "import { x } from '../electron/ipc';", 'the Electron adapters'],
    [
      'renderer/example.tsx',
      "import { x } from '../electron/monitor/engine';",
      'electron/monitor/',
    ],
    [
      'renderer/components/X.tsx',
      "import { x } from '../../electron/policy/tooltip';",
      'electron/policy/',
    ],
    ['renderer/example.tsx', "import { x } from '../cli/format';", 'cli/'],
    ['renderer/example.tsx', "import { x } from '../simulator/index';", 'simulator/'],
    // The engine knows nothing of Electron's adapters, the policies or the front-ends.
    ['electron/monitor/example.ts', "import { x } from '../shell';", 'the Electron adapters'],
    ['electron/monitor/example.ts', "import { x } from '../main';", 'the Electron adapters'],
    [
      'electron/monitor/check/example.ts',
      "import { x } from '../../tray';",
      'the Electron adapters',
    ],
    ['electron/monitor/example.ts', "import { x } from '../policy/pause';", 'electron/policy/'],
    [
      'electron/monitor/auth/example.ts',
      "import { x } from '../../policy/tooltip';",
      'electron/policy/',
    ],
    ['electron/monitor/example.ts', "import { x } from '../../cli/format';", 'cli/'],
    ['electron/monitor/example.ts', "import { x } from '../../renderer/store';", 'renderer/'],
    ['electron/monitor/example.ts', "import { x } from '../../simulator/index';", 'simulator/'],
    // Policies decide; from the engine they see its type surface only.
    ['electron/policy/example.ts', "import { x } from '../tray';", 'the Electron adapters'],
    ['electron/policy/example.ts', "import { x } from '../monitor/engine';", 'electron/monitor/'],
    [
      'electron/policy/example.ts',
      "import { x } from '../monitor/check/damping';",
      'electron/monitor/',
    ],
    ['electron/policy/example.ts', "import { x } from '../../cli/format';", 'cli/'],
    ['electron/policy/example.ts', "import { x } from '../../renderer/model';", 'renderer/'],
    // The terminal front-end runs without Electron.
    ['cli/example.ts', "import { x } from '../electron/shell';", 'the Electron adapters'],
    ['cli/example.ts', "import { x } from '../electron/policy/pause';", 'electron/policy/'],
    ['cli/example.ts', "import { x } from '../renderer/format';", 'renderer/'],
    ['bin/example.ts', "import { x } from '../electron/main';", 'the Electron adapters'],
    // Nothing outside tests/, bin/, scripts/ reaches cli/, renderer/ or the adapters.
    ['simulator/example.ts', "import { x } from '../cli/doctor';", 'cli/'],
    [
      'simulator/example.ts',
      "import { x } from '../electron/monitor/engine';",
      'electron/monitor/',
    ],
    ['electron/shell.ts', "import { x } from '../cli/format';", 'cli/'],
    ['electron/window.ts', "import { x } from '../renderer/store';", 'renderer/'],
    ['electron/shell.ts', "import { x } from '../simulator/index';", 'simulator/'],
    ['electron/monitor/example.ts', "import { x } from '../../tests/monitor/helpers';", 'tests/'],
  ])('%s may not `%s`', async (file, source, target) => {
    const errors = await importErrors(file, using(source));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`is in ${target}`);
  });

  it('says what to do instead', async () => {
    const [shared] = await importErrors(
      'shared/example.ts',
      using("import { x } from '../electron/monitor/log';"),
    );
    expect(shared).toBe(
      "'../electron/monitor/log' is in electron/monitor/, which shared/ may not import. " +
        'shared/ is pure and used by every side: move this code to electron/monitor/ (or to its caller) and pass the value in.',
    );
    const [renderer] = await importErrors(
      'renderer/example.tsx',
      using("import { x } from '../electron/shell';"),
    );
    expect(renderer).toContain('preload bridge (window.monitor): add an IPC channel');
    const [policy] = await importErrors(
      'electron/policy/example.ts',
      using("import { x } from '../shell';"),
    );
    expect(policy).toContain('return a decision for the adapter in electron/*.ts to apply');
  });

  it.each([
    ['a re-export', "export { x } from '../electron/shell';"],
    ['a star re-export', "export * from '../electron/shell';"],
    ['a type import', "import type { X as x } from '../electron/shell';"],
    ['an import()', "export const x = () => import('../electron/shell');"],
    ['an import() of a template', 'export const x = () => import(`../electron/shell`);'],
    ['an import() type', "export type x = import('../electron/shell').Shell;"],
    ['a require()', "export const x = require('../electron/shell');"],
    ['a side-effect import', "import '../electron/shell';"],
    ['a path with an extension', "import { x } from '../electron/shell.js';"],
    ['a path that wanders', "import { x } from './../shared/../electron/shell';"],
  ])('catches %s', async (_kind, source) => {
    const errors = await importErrors('shared/example.ts', `${source}\nexport const y = 1;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('is in the Electron adapters');
  });

  it.each(['tsx', 'jsx', 'js', 'mjs', 'cjs', 'mts', 'cts'])(
    'applies the folder rules to .%s files',
    async (ext) => {
      const errors = await importErrors(
        `electron/monitor/example.${ext}`,
        "export { x } from '../shell';\n",
      );
      expect(errors).toHaveLength(1);
    },
  );

  it.each([
    // Inside each folder, and downhill.
    ['shared/example.ts', "import { x } from './health';"],
    ['renderer/components/X.tsx', "import { x } from '../../shared/ipc';"],
    ['renderer/components/X.tsx', "import { x } from '../store';"],
    ['electron/monitor/check/example.ts', "import { x } from '../../../shared/redact';"],
    ['electron/monitor/check/example.ts', "import type { x } from '../engine-types';"],
    ['electron/monitor/check/example.ts', "import { x } from '../mcp/classify';"],
    ['electron/policy/example.ts', "import type { x } from '../monitor/engine-types';"],
    ['electron/policy/example.ts', "import { x } from '../../shared/catalog';"],
    ['electron/policy/example.ts', "import { x } from './pause';"],
    // The adapters use each other, the policies and the engine; main.ts wires them.
    ['electron/shell.ts', "import { x } from './tray';"],
    ['electron/shell.ts', "import { x } from './policy/pause';"],
    ['electron/power.ts', "import { x } from './monitor/check/scheduler';"],
    ['electron/main.ts', "import { x } from './shell';"],
    ['electron/main.ts', "import { x } from './monitor/engine';"],
    // The terminal: cli/ uses the engine, bin/ starts cli/ and the simulator for --demo.
    ['cli/example.ts', "import { x } from '../electron/monitor/engine';"],
    ['cli/example.ts', "import type { x } from '../electron/monitor/engine-types';"],
    ['cli/example.ts', "import { x } from '../shared/health';"],
    ['bin/doctor.ts', "import { x } from '../cli/doctor';"],
    ['bin/doctor.ts', "export const x = () => import('../simulator/index');"],
    ['simulator/example.ts', "import { x } from './http.js';"],
    // tests/ and scripts/ reach anything.
    ['tests/shell/example.test.ts', "import { x } from '../../electron/shell';"],
    ['tests/renderer/example.test.tsx', "import { x } from '../../renderer/store';"],
    ['tests/cli/example.test.ts', "import { x } from '../../cli/doctor';"],
    ['scripts/example.ts', "import { x } from '../electron/policy/tray-icon';"],
  ])('%s may `%s`', async (file, source) => {
    const line = source.startsWith('export') ? source : using(source);
    expect(await importErrors(file, line)).toEqual([]);
  });
});

describe('the two ends of IPC stay in their one file', () => {
  it.each([
    ['electron/shell.ts', "import { ipcMain as x } from 'electron';"],
    ['electron/window.ts', "import { ipcMain as x } from 'electron/main';"],
    ['electron/preload.ts', "import { ipcMain as x } from 'electron';"],
    ['electron/shell.ts', "import * as electron from 'electron';\nconst x = electron.ipcMain;"],
    ['electron/shell.ts', "import electron from 'electron';\nconst x = electron['ipcMain'];"],
    ['electron/shell.ts', "const { ipcMain: x } = await import('electron');"],
    ['electron/shell.ts', "const x = (await import('electron')).ipcMain;"],
    ['electron/shell.ts', "export { ipcMain as x } from 'electron';"],
  ])('ipcMain is refused in %s: `%s`', async (file, source) => {
    const errors = await importErrors(file, using(source));
    expect(errors).toEqual([
      'ipcMain is used only in electron/ipc.ts: add the channel to the IPC table in shared/ipc.ts and its handler to registerInvokeHandlers.',
    ]);
  });

  it.each([
    ['electron/window.ts', "import { ipcRenderer as x } from 'electron';"],
    ['electron/ipc.ts', "import { ipcRenderer as x } from 'electron/renderer';"],
    ['electron/shell.ts', "import * as electron from 'electron';\nconst x = electron.ipcRenderer;"],
    [
      'electron/shell.ts',
      "import electron = require('electron');\nconst x = electron.ipcRenderer;",
    ],
  ])('ipcRenderer is refused in %s: `%s`', async (file, source) => {
    const errors = await importErrors(file, using(source));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ipcRenderer is used only in electron\/preload\.ts/);
  });

  it('refuses ipcRenderer in the window on both counts: electron and the IPC end', async () => {
    const errors = await importErrors(
      'renderer/example.tsx',
      using("import { ipcRenderer as x } from 'electron';"),
    );
    expect(errors).toHaveLength(2);
    expect(
      errors.some((e) => e.startsWith('ipcRenderer is used only in electron/preload.ts')),
    ).toBe(true);
  });

  it('allows each in its own file, and the rest of electron anywhere in the adapters', async () => {
    expect(
      await importErrors('electron/ipc.ts', using("import { ipcMain as x } from 'electron';")),
    ).toEqual([]);
    expect(
      await importErrors(
        'electron/preload.ts',
        using("import { contextBridge, ipcRenderer as x } from 'electron';\nvoid contextBridge;"),
      ),
    ).toEqual([]);
    expect(
      await importErrors(
        'electron/window.ts',
        using(
          "import * as electron from 'electron';\nimport type { IpcMainInvokeEvent } from 'electron';\nconst x: IpcMainInvokeEvent | typeof electron.BrowserWindow | undefined = undefined;",
        ),
      ),
    ).toEqual([]);
    // An unrelated object's member of that name is not Electron's.
    expect(
      await importErrors('electron/shell.ts', using('const x = { ipcMain: 1 }.ipcMain;')),
    ).toEqual([]);
    // Tests stand in for Electron and reach both ends.
    expect(
      await importErrors(
        'tests/shell/example.test.ts',
        using(
          "import { ipcMain, ipcRenderer } from 'electron';\nconst x = [ipcMain, ipcRenderer];",
        ),
      ),
    ).toEqual([]);
  });
});
