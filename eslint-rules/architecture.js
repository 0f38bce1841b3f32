// @ts-check
// The project's dependency directions as ESLint rules. `layers` resolves every relative import
// (static, re-export, `import()`, `require()`, `import('…')` types) against the importing file and
// checks the pair of layers against one allow table. `ipc-home` keeps `ipcMain` and `ipcRenderer`
// each in the one file that owns it. Bare package names (electron, Node built-ins, React) are
// banned per folder by no-restricted-imports in eslint.config.js.
import path from 'node:path';

/** The project root: this file lives in <root>/eslint-rules/. */
const ROOT = path.resolve(import.meta.dirname, '..');

const SOURCE_EXTENSION = /\.(?:d\.)?(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/**
 * @typedef {'shared' | 'monitor' | 'engine-types' | 'policy' | 'adapter' | 'cli' | 'bin'
 *   | 'renderer' | 'simulator' | 'scripts' | 'tests' | 'root' | 'outside'} Layer
 */

/**
 * Which layer an absolute path belongs to. `engine-types` is the engine's type surface, the one
 * module of electron/monitor/ that electron/policy/ may use.
 * @param {string} file
 * @returns {Layer}
 */
export function layerOf(file) {
  const relative = path.relative(ROOT, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside';
  const parts = relative.split(path.sep);
  switch (parts[0]) {
    case 'shared':
    case 'cli':
    case 'bin':
    case 'renderer':
    case 'simulator':
    case 'scripts':
    case 'tests':
      return parts[0];
    case 'electron':
      if (parts[1] === 'monitor') {
        const isEngineTypes =
          parts.length === 3 && parts[2].replace(SOURCE_EXTENSION, '') === 'engine-types';
        return isEngineTypes ? 'engine-types' : 'monitor';
      }
      if (parts[1] === 'policy') return 'policy';
      // electron/*.ts, main.ts and preload.ts included; a new subfolder counts as adapter code.
      return 'adapter';
    default:
      return 'root';
  }
}

/** Importing layers and what each may import; a layer missing here may import anything. */
/** @type {Partial<Record<Layer, Layer[]>>} */
const MAY_IMPORT = {
  shared: ['shared'],
  renderer: ['renderer', 'shared'],
  monitor: ['monitor', 'engine-types', 'shared'],
  'engine-types': ['monitor', 'engine-types', 'shared'],
  policy: ['policy', 'engine-types', 'shared'],
  adapter: ['adapter', 'policy', 'monitor', 'engine-types', 'shared'],
  cli: ['cli', 'monitor', 'engine-types', 'shared'],
  bin: ['bin', 'cli', 'monitor', 'engine-types', 'shared', 'simulator'],
  simulator: ['simulator', 'shared'],
};

/** @type {Record<Layer, string>} */
const LABEL = {
  shared: 'shared/',
  monitor: 'electron/monitor/',
  'engine-types': 'electron/monitor/engine-types',
  policy: 'electron/policy/',
  adapter: 'the Electron adapters (electron/*.ts)',
  cli: 'cli/',
  bin: 'bin/',
  renderer: 'renderer/',
  simulator: 'simulator/',
  scripts: 'scripts/',
  tests: 'tests/',
  root: 'a file at the project root',
  outside: 'a file outside the project',
};

/** What to do instead, by the importing layer. */
/** @type {Partial<Record<Layer, string>>} */
const ADVICE_FROM = {
  shared:
    'shared/ is pure and used by every side: move this code to electron/monitor/ (or to its caller) and pass the value in.',
  renderer:
    'The window reaches the app only through the preload bridge (window.monitor): add an IPC channel in shared/ipc.ts, or move pure code to shared/.',
  monitor:
    'The engine runs under plain Node for both the app and the doctor CLI: take what you need as an option or callback (see electron/monitor/engine-types.ts), or move pure code to shared/.',
  'engine-types':
    'The engine runs under plain Node for both the app and the doctor CLI: take what you need as an option or callback, or move pure code to shared/.',
  policy:
    'electron/policy/ holds pure decisions: take values as arguments and return a decision for the adapter in electron/*.ts to apply; from the engine, use only the types in electron/monitor/engine-types.',
  adapter:
    'The adapters build on electron/policy/, electron/monitor/ and shared/ only: the window is reached over IPC, and cli/ is a separate front-end.',
  cli: 'cli/ runs under plain Node without Electron: use electron/monitor/ and shared/, and move anything the app needs too into one of them.',
  bin: 'bin/ only starts a front-end: import cli/ (and the simulator for --demo), never the Electron app or the window.',
  simulator:
    "simulator/ stands in for CrossTrade's server: it must not run the monitor's code, or a mistake shared by both would pass unseen.",
};

/** What to do instead, for targets no product code depends on, whoever the importer. */
/** @type {Partial<Record<Layer, string>>} */
const ADVICE_TO = {
  simulator:
    'simulator/ is the stand-in CrossTrade for tests and --demo: only bin/, scripts/ and tests/ load it.',
  tests:
    'Product code never depends on tests/: move the helper into the product, or invert the call.',
  scripts: 'scripts/ are build and dev tools: move the code the product needs out of them.',
  root: 'Product code does not reach the project root: move what it needs into its own layer.',
  outside: 'Import packages by their name, never by a path out of the project.',
};

/**
 * The message for an import of `to` from `from`, or null when the direction is allowed.
 * @param {Layer} from
 * @param {Layer} to
 * @param {string} specifier
 * @returns {string | null}
 */
export function verdict(from, to, specifier) {
  const allowed = MAY_IMPORT[from];
  if (allowed === undefined || allowed.includes(to)) return null;
  const advice = ADVICE_TO[to] ?? ADVICE_FROM[from] ?? 'Move the code to a layer both may use.';
  return `'${specifier}' is in ${LABEL[to]}, which ${LABEL[from]} may not import. ${advice}`;
}

/**
 * The module name of an import-ish node's source, when it is a plain string.
 * @param {any} source an ESTree expression (typed loosely: ESTree and TSESTree nodes both arrive)
 * @returns {string | null}
 */
function literalSource(source) {
  if (!source) return null;
  if (source.type === 'Literal' && typeof source.value === 'string') return source.value;
  if (source.type === 'TemplateLiteral' && source.expressions.length === 0) {
    return source.quasis[0]?.value.cooked ?? null;
  }
  // `import('x')` in a type position: TSImportType's argument is a TSLiteralType.
  if (source.type === 'TSLiteralType') return literalSource(source.literal);
  return null;
}

/**
 * Calls `check(sourceNode, specifier)` for every module a file depends on.
 * @param {(node: any, specifier: string) => void} check
 * @returns {import('eslint').Rule.RuleListener}
 */
function eachModule(check) {
  /** @param {any} node */
  const visit = (node) => {
    const specifier = literalSource(node);
    if (specifier !== null) check(node, specifier);
  };
  return {
    ImportDeclaration: (node) => visit(node.source),
    ExportNamedDeclaration: (node) => visit(node.source),
    ExportAllDeclaration: (node) => visit(node.source),
    ImportExpression: (node) => visit(node.source),
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
        visit(node.arguments[0]);
      }
    },
    // TypeScript-only nodes: `import('x').T` in a type, `import x = require('x')`.
    TSImportType: (/** @type {any} */ node) => visit(node.argument),
    TSExternalModuleReference: (/** @type {any} */ node) => visit(node.expression),
  };
}

/** @type {import('eslint').Rule.RuleModule} */
const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports between folders in the allowed directions.' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (MAY_IMPORT[from] === undefined) return {};
    const dir = path.dirname(context.filename);
    return eachModule((node, specifier) => {
      if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return;
      const message = verdict(from, layerOf(path.resolve(dir, specifier)), specifier);
      if (message !== null) context.report({ node, message });
    });
  },
};

const ELECTRON = /^electron(?:\/|$)/;

/** @type {Record<string, string>} */
const IPC_ADVICE = {
  ipcMain:
    'ipcMain is used only in electron/ipc.ts: add the channel to the IPC table in shared/ipc.ts and its handler to registerInvokeHandlers.',
  ipcRenderer:
    'ipcRenderer is used only in electron/preload.ts, which exposes the typed bridge: call the bridge (window.monitor) instead; to add a call, add a channel to shared/ipc.ts.',
};

/** @type {import('eslint').Rule.RuleModule} */
const ipcHome = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Keep ipcMain in electron/ipc.ts and ipcRenderer in electron/preload.ts.',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: { type: 'string' },
      },
    ],
  },
  create(context) {
    /** @type {Record<string, string>} name → its one home, relative to the project root */
    const homes = context.options[0] ?? {};
    const here = path.relative(ROOT, context.filename).split(path.sep).join('/');
    const banned = new Set(Object.keys(homes).filter((name) => homes[name] !== here));
    if (banned.size === 0) return {};

    /** @param {any} node @param {string} name */
    const report = (node, name) => {
      if (banned.has(name))
        context.report({ node, message: IPC_ADVICE[name] ?? `${name} belongs in ${homes[name]}.` });
    };
    /**
     * The name a key or member access spells out, or null for a computed `[expression]`.
     * @param {any} node a key, specifier name or member property
     * @param {boolean} [computed]
     */
    const keyName = (node, computed = false) => {
      if (node?.type === 'Identifier' && !computed) return node.name;
      return typeof node?.value === 'string' ? node.value : null;
    };
    /** Whether an expression evaluates to the electron module: require('electron'), (await) import('electron'). */
    /** @param {any} node */
    const isElectronModule = (node) => {
      if (node?.type === 'AwaitExpression') return isElectronModule(node.argument);
      if (node?.type === 'ImportExpression') return ELECTRON.test(literalSource(node.source) ?? '');
      if (
        node?.type === 'CallExpression' &&
        node.callee.type === 'Identifier' &&
        node.callee.name === 'require'
      ) {
        return ELECTRON.test(literalSource(node.arguments[0]) ?? '');
      }
      return false;
    };
    /** Local names bound to the whole electron module (namespace, default, require, import()). */
    const electronNames = new Set();
    /** @type {any[]} */
    const members = [];
    /** @type {any[]} */
    const patterns = [];

    return {
      ImportDeclaration(node) {
        if (!ELECTRON.test(String(node.source.value))) return;
        for (const specifier of node.specifiers) {
          if (specifier.type === 'ImportSpecifier')
            report(specifier, keyName(specifier.imported) ?? '');
          else electronNames.add(specifier.local.name);
        }
      },
      ExportNamedDeclaration(node) {
        if (!node.source || !ELECTRON.test(String(node.source.value))) return;
        for (const specifier of node.specifiers) report(specifier, keyName(specifier.local) ?? '');
      },
      ExportAllDeclaration(node) {
        if (ELECTRON.test(String(node.source.value))) for (const name of banned) report(node, name);
      },
      // TypeScript-only node: `import electron = require('electron')`.
      TSImportEqualsDeclaration(/** @type {any} */ node) {
        if (node.moduleReference.type === 'TSExternalModuleReference') {
          if (ELECTRON.test(literalSource(node.moduleReference.expression) ?? '')) {
            electronNames.add(node.id.name);
          }
        }
      },
      VariableDeclarator(node) {
        if (node.id.type === 'Identifier' && isElectronModule(node.init)) {
          electronNames.add(node.id.name);
        } else if (node.id.type === 'ObjectPattern') {
          patterns.push(node);
        }
      },
      MemberExpression(node) {
        members.push(node);
      },
      'Program:exit'() {
        /** @param {any} node */
        const fromElectron = (node) =>
          isElectronModule(node) || (node?.type === 'Identifier' && electronNames.has(node.name));
        for (const node of patterns) {
          if (!fromElectron(node.init)) continue;
          for (const property of node.id.properties) {
            if (property.type === 'Property') {
              report(property, keyName(property.key, property.computed) ?? '');
            }
          }
        }
        for (const node of members) {
          if (fromElectron(node.object)) report(node, keyName(node.property, node.computed) ?? '');
        }
      },
    };
  },
};

export default { rules: { layers, 'ipc-home': ipcHome } };
