// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import architecture from './eslint-rules/architecture.js';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A family of modules a folder must not reach: each root bans its subpaths too (`electron` bans
 * `electron/main`, `react` bans `react/jsx-runtime`, `fs` bans `fs/promises`); `scheme` bans
 * every specifier it starts (`node:`).
 */
function family(message, roots, scheme = '') {
  const names = roots.map(escapeRegExp).join('|');
  const any = scheme ? `${escapeRegExp(scheme)}|` : '';
  return { message, regex: new RegExp(`^(?:${any}(?:${names})(?:/|$))`) };
}

/** Node built-ins by their top-level bare name (`node:test` exists only with the scheme). */
const nodeRoots = builtinModules.filter((name) => !name.startsWith('node:') && !name.includes('/'));
const noNode = family(
  'shared/ and renderer/ must not use Node built-ins: move this to electron/monitor/.',
  nodeRoots,
  'node:',
);
const noElectron = family('Only the thin adapters in electron/*.ts may import electron.', [
  'electron',
]);
const noReact = family('shared/ is UI-free: React belongs in renderer/.', ['react', 'react-dom']);
const policyNoNode = family(
  'electron/policy/ is pure: no I/O. Take the value as an argument and let the adapter in electron/*.ts read or write it.',
  nodeRoots,
  'node:',
);
const policyNoElectron = family(
  'electron/policy/ is pure: return a decision and let the adapter in electron/*.ts call Electron.',
  ['electron'],
);
const terminalNoElectron = family(
  'cli/ and bin/ run under plain Node: Electron is reached only by the adapters in electron/*.ts.',
  ['electron'],
);

/** The rules that keep `bans` out of a folder, for static imports and re-exports and for `import()`. */
function boundary(...bans) {
  return {
    'no-restricted-imports': [
      'error',
      { patterns: bans.map(({ regex, message }) => ({ regex: regex.source, message })) },
    ],
    // no-restricted-imports does not see dynamic imports: `await import('node:fs')`.
    'no-restricted-syntax': [
      'error',
      ...bans.map(({ regex, message }) => ({
        selector: `ImportExpression[source.value=/${regex.source}/]`,
        message,
      })),
    ],
  };
}

/** Every source file kind a folder may hold, so a .tsx or .mjs file cannot slip past its rules. */
const SOURCES = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** The files that own the two ends of IPC; tests stand in for Electron and use both freely. */
const IPC_HOMES = { ipcMain: 'electron/ipc.ts', ipcRenderer: 'electron/preload.ts' };

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'out', 'release', 'artifacts', 'coverage'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Relative imports between folders: the allow table in eslint-rules/architecture.js.
    files: [`**/*.${SOURCES}`],
    plugins: { architecture },
    rules: { 'architecture/layers': 'error' },
  },
  {
    files: [`**/*.${SOURCES}`],
    ignores: ['tests/**'],
    rules: { 'architecture/ipc-home': ['error', IPC_HOMES] },
  },
  {
    files: [`shared/**/*.${SOURCES}`],
    rules: boundary(noNode, noElectron, noReact),
  },
  {
    files: [`electron/monitor/**/*.${SOURCES}`],
    rules: boundary(noElectron),
  },
  {
    files: [`electron/policy/**/*.${SOURCES}`],
    rules: boundary(policyNoNode, policyNoElectron),
  },
  {
    files: [`cli/**/*.${SOURCES}`, `bin/**/*.${SOURCES}`],
    rules: boundary(terminalNoElectron),
  },
  {
    files: [`renderer/**/*.${SOURCES}`],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...boundary(noNode, noElectron),
    },
  },
  {
    files: ['tests/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
