#!/usr/bin/env node
// `npm start` (against CrossTrade) and `npm run demo` (against the simulator): checks that the
// Electron binary is there, builds, and runs the app.
//   node scripts/launch.mjs start|demo [--no-build] [-- extra Electron arguments]
// Without the Electron binary (an install with ELECTRON_SKIP_BINARY_DOWNLOAD, or a postinstall
// that could not download), it runs the electron package's own installer (install.js, which
// honours ELECTRON_MIRROR, electron_config_cache and the proxy settings) with a progress line;
// only if that fails does it print one sentence and exit 1. ELECTRON_OVERRIDE_DIST_PATH is
// honoured as the electron package honours it.
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

/** The one sentence when the binary is missing and the installer could not fetch it. */
export function missingElectron(reason) {
  return (
    `The Electron binary is missing and its download failed${reason ? ` (${reason})` : ''}: ` +
    'check the network or proxy and run "npm start" again, ' +
    'or check the MCP chain without the window with "npm run doctor -- --demo".'
  );
}

/** The installer's failure in a few words: its first error line, without paths or a stack. */
function installFailure(output) {
  const line = output
    .split('\n')
    .map((text) => text.trim())
    .find((text) => /error|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|status code|\b\d{3}\b/i.test(text));
  if (!line) return undefined;
  return line
    .replace(/^(\w*Error:\s*)+/, '')
    .replace(/\s+at\s.*$/, '')
    .slice(0, 120);
}

/** Runs the electron package's installer; true when the binary is there afterwards. */
function installElectron(binary) {
  const packageDir = join(ROOT, 'node_modules', 'electron');
  let version = '';
  try {
    version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  } catch {
    return { ok: false, reason: 'the electron package is not installed; run "npm install"' };
  }
  console.log(`Downloading Electron ${version} for the first start (about 100 MB)…`);
  const env = { ...process.env };
  // The trader asked to start the app: an install-time opt-out does not apply here.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    cwd: packageDir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (result.status === 0 && existsSync(binary)) return { ok: true };
  return { ok: false, reason: installFailure(`${result.stderr ?? ''}\n${result.stdout ?? ''}`) };
}

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
    const install = installElectron(binary);
    if (!install.ok) {
      console.error(missingElectron(install.reason));
      process.exit(1);
    }
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
