#!/usr/bin/env node
// `npm start` (against CrossTrade) and `npm run demo` (against the simulator): checks that the
// Electron binary is there, builds, and runs the app.
//   node scripts/launch.mjs start|demo [--no-build] [-- extra Electron arguments]
// The electron npm package downloads its binary on first use; this script never triggers that
// download (it does not require('electron')): without the binary it prints one sentence and
// exits 1. ELECTRON_OVERRIDE_DIST_PATH is honoured as the electron package honours it.
// The demo starts the simulator (`simulator/cli.ts`) beside the app, points the app at it through
// CROSSTRADE_MCP_URL, and gives the app its own profile folder (.state/demo-app).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const dashDash = argv.indexOf('--');
const ownArgs = dashDash >= 0 ? argv.slice(0, dashDash) : argv;
const electronArgs = dashDash >= 0 ? argv.slice(dashDash + 1) : [];
const mode = ownArgs.includes('demo') ? 'demo' : 'start';

const PLATFORM_EXECUTABLE = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/** Where the electron package keeps (or would keep) its binary, without loading the package. */
export function electronBinary(env = process.env) {
  const packageDir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const executable = relative || PLATFORM_EXECUTABLE[process.platform] || 'electron';
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  return join(dist, executable);
}

export const MISSING_ELECTRON =
  'The Electron binary is not installed (the electron package downloads it on first use, and this machine cannot): ' +
  'on a desktop machine run "npx install-electron" to fetch it, ' +
  'or check the MCP chain without the window with "npm run doctor -- --demo".';

function startSimulator() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join('simulator', 'cli.ts'), '--port', '0'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /^MCP_URL=(\S+)$/.exec(line.trim());
      if (match) resolvePromise({ child, url: match[1] });
      else reject(new Error(`The simulator printed "${line}" instead of MCP_URL=…`));
    });
    child.once('exit', (code) =>
      reject(new Error(`The simulator exited (${code}) before printing its URL.`)),
    );
  });
}

async function main() {
  const binary = electronBinary();
  if (!existsSync(binary)) {
    console.error(MISSING_ELECTRON);
    process.exit(1);
  }

  if (!ownArgs.includes('--no-build')) {
    const build = spawnSync(process.execPath, [join('scripts', 'build.mjs')], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  let simulator;
  if (mode === 'demo') {
    simulator = await startSimulator();
    const profile = join(ROOT, '.state', 'demo-app');
    mkdirSync(profile, { recursive: true });
    env.CROSSTRADE_MCP_URL = simulator.url;
    env.CROSSTRADE_MONITOR_USER_DATA = profile;
    // The demo never checks for updates.
    env.CROSSTRADE_MONITOR_DEMO = '1';
    console.log(`demo: simulator at ${simulator.url}; app profile in ${profile}`);
  }

  const app = spawn(binary, [ROOT, ...electronArgs], { cwd: ROOT, stdio: 'inherit', env });
  const forward = (signal) => () => app.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  app.on('exit', (code, signal) => {
    simulator?.child.kill('SIGTERM');
    process.exit(code ?? (signal ? 1 : 0));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`launch: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
