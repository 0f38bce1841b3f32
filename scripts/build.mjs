#!/usr/bin/env node
// `npm run build`: everything the packaged app runs, in out/.
// 1. icons      scripts/icons.ts → out/icons/ (tray, app) and build/generated/ (installer icons)
// 2. main       electron/main.ts → out/main/main.cjs (CommonJS, every dependency inlined,
//               `electron` left external so the runtime — or a test stand-in — provides it)
// 3. preload    electron/preload.ts → out/main/preload.cjs (CommonJS: sandboxed preloads cannot
//               be ES modules; only `electron` is external)
// 4. doctor     bin/doctor.ts → out/cli/doctor.mjs (ES module for Node 20, simulator included
//               for --demo) so `npm run doctor` starts without compiling TypeScript. Left
//               external, because they cannot be inlined:
//                 @napi-rs/keyring  its native .node addon is picked per OS/CPU at run time
//                                   (the doctor loads it lazily and falls back to the
//                                   owner-only file when it is missing).
// 5. renderer   `vite build` (vite.config.ts → out/renderer/)
// Flags: --skip-renderer (main, preload and icons only); --doctor-only (step 4 alone);
// --out DIR (instead of out/) and --installer-icons DIR (instead of build/generated/), used by
// the packaging test.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const args = new Set(argv);
function option(name) {
  const index = argv.indexOf(name);
  return index >= 0 && argv[index + 1] ? resolve(argv[index + 1]) : undefined;
}
const OUT = option('--out') ?? join(ROOT, 'out');
const INSTALLER_ICONS = option('--installer-icons') ?? join(ROOT, 'build', 'generated');
const MAIN_OUT = join(OUT, 'main');
const CLI_OUT = join(OUT, 'cli');

/** Electron 45 runs Node 22 and Chromium 140. */
const NODE_TARGET = 'node22';
/** The doctor runs on the user's own Node: the oldest package.json's engines allow. */
const DOCTOR_TARGET = 'node20';
/** Dependencies the doctor bundle leaves to node_modules (see the header). */
const DOCTOR_EXTERNAL = ['@napi-rs/keyring'];
const CHROME_TARGET = 'chrome140';

function run(label, command, commandArgs) {
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`build: ${label} failed.`);
    process.exit(result.status ?? 1);
  }
  console.log(`build: ${label} (${Date.now() - started} ms)`);
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

async function bundle(label, options) {
  const started = Date.now();
  const result = await build({
    absWorkingDir: ROOT,
    bundle: true,
    external: ['electron'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    ...options,
  });
  const outputs = Object.entries(result.metafile.outputs).map(
    ([file, meta]) => `${relative(ROOT, join(ROOT, file))} ${kb(meta.bytes)}`,
  );
  console.log(`build: ${label} → ${outputs.join(', ')} (${Date.now() - started} ms)`);
  return result.metafile;
}

/** ps-list runs a bundled helper (fastlist) on Windows, found next to the code that loads it. */
function copyPsListHelpers() {
  let vendor;
  try {
    vendor = join(dirname(createRequire(import.meta.url).resolve('ps-list')), 'vendor');
  } catch {
    return;
  }
  if (!existsSync(vendor)) return;
  const target = join(MAIN_OUT, 'vendor');
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(vendor)) copyFileSync(join(vendor, file), join(target, file));
}

/** Step 4: the doctor as one ES module for Node 20. */
function buildDoctor() {
  rmSync(CLI_OUT, { recursive: true, force: true });
  return bundle('doctor', {
    entryPoints: [join(ROOT, 'bin', 'doctor.ts')],
    outfile: join(CLI_OUT, 'doctor.mjs'),
    platform: 'node',
    mainFields: ['module', 'main'],
    format: 'esm',
    target: DOCTOR_TARGET,
    external: ['electron', ...DOCTOR_EXTERNAL],
    // Bundled CommonJS dependencies call require() for Node's own modules: give ESM one.
    banner: {
      js: "import { createRequire as __ctCreateRequire } from 'node:module'; const require = __ctCreateRequire(import.meta.url);",
    },
  });
}

// --doctor-only: what `npm run doctor` rebuilds when its bundle is older than the sources.
if (args.has('--doctor-only')) {
  await buildDoctor();
  process.exit(0);
}

rmSync(MAIN_OUT, { recursive: true, force: true });
rmSync(join(OUT, 'icons'), { recursive: true, force: true });

run('icons', process.execPath, [
  '--import',
  'tsx',
  join('scripts', 'icons.ts'),
  '--out',
  OUT,
  '--build-dir',
  INSTALLER_ICONS,
]);

const mainMeta = await bundle('main', {
  entryPoints: [join(ROOT, 'electron', 'main.ts')],
  outfile: join(MAIN_OUT, 'main.cjs'),
  platform: 'node',
  // ES builds first: jsonc-parser's UMD build loads its parts with a require() esbuild cannot see.
  mainFields: ['module', 'main'],
  // CommonJS on purpose: an ES-module entry loads asynchronously, so Electron may be `ready`
  // before it runs, too late for app.setPath('userData') and the single-instance lock.
  format: 'cjs',
  target: NODE_TARGET,
  // Bundled ES modules read import.meta.url (to find files beside them): give them this file's.
  define: {
    'process.env.NODE_ENV': '"production"',
    'import.meta.url': '__crosstradeImportMetaUrl',
  },
  banner: {
    js: "const __crosstradeImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
  },
});
const preloadMeta = await bundle('preload', {
  entryPoints: [join(ROOT, 'electron', 'preload.ts')],
  outfile: join(MAIN_OUT, 'preload.cjs'),
  platform: 'browser',
  format: 'cjs',
  target: CHROME_TARGET,
});
// The preload needs channel names and types only; validation (zod) runs in main.
const preloadExtras = Object.keys(preloadMeta.inputs).filter((file) =>
  file.includes('node_modules'),
);
if (preloadExtras.length > 0) {
  console.error(`build: the preload bundle must not include ${preloadExtras.join(', ')}`);
  process.exit(1);
}
copyPsListHelpers();

await buildDoctor();

const inputs = Object.keys(mainMeta.inputs);
const leaked = inputs.filter((file) => /(^|\/)(tests|simulator|renderer)\//.test(file));
if (leaked.length > 0) {
  console.error(`build: the main bundle must not include ${leaked.join(', ')}`);
  process.exit(1);
}

if (args.has('--skip-renderer')) {
  console.log('build: renderer skipped (--skip-renderer).');
} else {
  const rendererOut = join(OUT, 'renderer');
  // build-renderer.ts runs Vite and prints the gzipped bundle size against its budget.
  run('renderer', process.execPath, [
    '--import',
    'tsx',
    join('scripts', 'build-renderer.ts'),
    '--out',
    rendererOut,
  ]);
  if (!existsSync(join(rendererOut, 'index.html'))) {
    console.error(`build: the renderer build wrote no ${join(rendererOut, 'index.html')}.`);
    process.exit(1);
  }
}
