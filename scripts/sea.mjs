#!/usr/bin/env node
// The doctor as one executable for a machine without Node (Node's single executable
// applications): out/sea/crosstrade-doctor[.exe], built for the OS and CPU this runs on.
//   1. esbuild bin/doctor.ts → out/sea/doctor.cjs (a SEA's entry must be one CommonJS file, and
//      its require() reaches Node's own modules only: everything else is inlined; the keychain
//      addon cannot be, so the executable stores its sign-in in the owner-only file)
//   2. node --experimental-sea-config → the blob; 3. a copy of this node binary; 4. postject
//      injects the blob (macOS: the copy's signature is removed first and an ad-hoc one added).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `--out DIR` builds elsewhere (the packaging test, which must not race the build's out/).
const outFlag = process.argv.indexOf('--out');
const OUT = outFlag > 0 ? resolve(process.argv[outFlag + 1] ?? '') : join(ROOT, 'out', 'sea');
const EXE = join(OUT, `crosstrade-doctor${process.platform === 'win32' ? '.exe' : ''}`);
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function run(label, command, args) {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`sea: ${label} failed.`);
    process.exit(result.status ?? 1);
  }
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: [join(ROOT, 'bin', 'doctor.ts')],
  outfile: join(OUT, 'doctor.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${process.versions.node.split('.')[0]}`,
  mainFields: ['module', 'main'],
  external: ['electron', '@napi-rs/keyring'],
  legalComments: 'none',
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"', 'import.meta.url': '__ctImportMetaUrl' },
  banner: { js: "const __ctImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
writeFileSync(
  join(OUT, 'sea-config.json'),
  JSON.stringify({
    main: join(OUT, 'doctor.cjs'),
    output: join(OUT, 'doctor.blob'),
    disableExperimentalSEAWarning: true,
  }),
);
run('blob', process.execPath, ['--experimental-sea-config', join(OUT, 'sea-config.json')]);
copyFileSync(process.execPath, EXE);
if (process.platform === 'darwin') run('unsign', 'codesign', ['--remove-signature', EXE]);
const postject = [EXE, 'NODE_SEA_BLOB', join(OUT, 'doctor.blob'), '--sentinel-fuse', FUSE];
if (process.platform === 'darwin') postject.push('--macho-segment-name', 'NODE_SEA');
run('postject', 'npx', ['--no-install', 'postject', ...postject]);
if (process.platform === 'darwin') run('sign', 'codesign', ['--sign', '-', EXE]);
console.log(`sea: ${EXE}`);
