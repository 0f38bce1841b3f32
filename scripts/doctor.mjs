#!/usr/bin/env node
// `npm run doctor [-- args]`: runs the bundled doctor (out/cli/doctor.mjs), rebuilding it first
// when any source it is made of is newer than the bundle; compiling TypeScript on every call is
// what made a verdict take seconds. If that build fails, runs the sources through tsx instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(ROOT, 'out', 'cli', 'doctor.mjs');
/** What the bundle is built from. */
const SOURCES = ['bin', 'cli', 'shared', 'simulator', join('electron', 'monitor')];
const FILES = ['package.json', join('scripts', 'build.mjs')];

/** Newest modification time under `path` (0 when it does not exist). */
function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function stale() {
  if (!existsSync(BUNDLE)) return true;
  const built = statSync(BUNDLE).mtimeMs;
  return [...SOURCES, ...FILES].some((path) => newest(join(ROOT, path)) > built);
}

const args = process.argv.slice(2);
let command = [BUNDLE, ...args];
if (stale()) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--doctor-only'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('doctor: building out/cli/doctor.mjs failed; running the sources with tsx.');
    command = ['--import', 'tsx', join(ROOT, 'bin', 'doctor.ts'), ...args];
  }
}
const result = spawnSync(process.execPath, command, { stdio: 'inherit' });
process.exit(result.status ?? 1);
