// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Node built-ins (bare names here; the `node:` form is caught by the pattern below). */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('node:'));
const noNode = {
  paths: nodeBuiltins.map((name) => ({
    name,
    message: 'shared/ and renderer/ must not use Node built-ins: move this to electron/monitor/.',
  })),
  patterns: [{ group: ['node:*'], message: 'shared/ and renderer/ must not use Node built-ins.' }],
};
const noElectron = {
  name: 'electron',
  message: 'Only the thin adapters in electron/*.ts may import electron.',
};
const noReact = { name: 'react', message: 'shared/ is UI-free: React belongs in renderer/.' };

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
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...noNode.paths,
            noElectron,
            noReact,
            { name: 'react-dom', message: noReact.message },
          ],
          patterns: noNode.patterns,
        },
      ],
    },
  },
  {
    files: ['electron/monitor/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [...noNode.paths, noElectron], patterns: noNode.patterns },
      ],
    },
  },
  {
    files: ['tests/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
