// `doctor clients [--json] [--home DIR] [--platform win32|darwin|linux] [--project DIR]…`
// Prints the AI-client configuration audit. bin/doctor.ts hands its arguments over in one line.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redact } from '../shared/redact';
import { formatClientReport } from './clients-format';
import { plainText } from '../shared/sanitize';
import type { ClientEnvironment, ClientPlatform } from '../electron/monitor/clients/locations';
import { scanClientConfigs } from '../electron/monitor/clients/scan';

export interface ClientsCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
}

export const HOME_ENV = 'CROSSTRADE_MONITOR_HOME';
const EXIT_OK = 0;
const EXIT_PROBLEMS = 1;
const EXIT_FAILED = 2;
const EXIT_USAGE = 64;
const PLATFORMS: readonly ClientPlatform[] = ['win32', 'darwin', 'linux'];

export const CLIENTS_USAGE = `Usage: doctor clients [--json] [--home DIR] [--platform win32|darwin|linux] [--project DIR]...
Checks the MCP settings of your AI clients (Claude Desktop, Claude Code, Cursor, Windsurf, Cline,
VS Code, Continue) for CrossTrade entries that will fail. Reads the files; never changes them.
  --json          print one JSON object: {"level","clients","findings","searched"}
  --home DIR      read this home folder instead of yours (or set ${HOME_ENV}).
                  Project folders its .claude.json lists are read inside DIR, by their place
                  under the user folder (/Users/NAME/bot -> DIR/bot; /home/NAME/... and
                  C:\\Users\\NAME\\... alike); folders outside a user folder are skipped.
  --platform OS   the home folder's layout (default: guessed from the folder, else this computer's)
  --project DIR   also check DIR/.mcp.json, DIR/.vscode/mcp.json and DIR/.cursor/mcp.json
Exit status: 0 no problem, 1 problems found, 2 the check failed, 64 bad usage.
`;

interface Options {
  json: boolean;
  help: boolean;
  home?: string;
  platform?: ClientPlatform;
  projects: string[];
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): Options {
  const rest = args[0] === 'clients' ? args.slice(1) : [...args];
  const options: Options = { json: false, help: false, projects: [] };
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i] ?? '';
    const [flag = '', inline] = arg.startsWith('--') ? arg.split(/=(.*)/s) : [arg];
    const value = (): string => {
      const v = inline ?? rest[(i += 1)];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--json') options.json = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag === '--home') options.home = value();
    else if (flag === '--project') options.projects.push(value());
    else if (flag === '--platform') {
      const platform = value();
      if (!PLATFORMS.includes(platform as ClientPlatform)) {
        throw new UsageError(`--platform must be one of ${PLATFORMS.join(', ')}.`);
      }
      options.platform = platform as ClientPlatform;
    } else throw new UsageError(`Unknown argument: ${arg}`);
  }
  return options;
}

/** A fixture home's layout, from the folders it has. */
function guessPlatform(home: string): ClientPlatform {
  if (existsSync(path.join(home, 'AppData', 'Roaming'))) return 'win32';
  if (existsSync(path.join(home, 'Library', 'Application Support'))) return 'darwin';
  return 'linux';
}

function thisPlatform(): ClientPlatform {
  return process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
}

function environmentOf(options: Options, env: ClientsCommandIo['env']): ClientEnvironment {
  const projectDirs = options.projects.map((dir) => path.resolve(dir));
  const homeOverride = options.home ?? (env[HOME_ENV] || undefined);
  if (homeOverride !== undefined) {
    const home = path.resolve(homeOverride);
    if (!existsSync(home) || !statSync(home).isDirectory()) {
      throw new UsageError(`No such folder: ${homeOverride}`);
    }
    // A copy of a home (or a fixture): its project folders are read inside it, not on this machine.
    return {
      home,
      platform: options.platform ?? guessPlatform(home),
      projectDirs,
      copiedHome: true,
    };
  }
  const platform = options.platform ?? thisPlatform();
  const appData =
    platform === 'win32' ? env.APPDATA : platform === 'linux' ? env.XDG_CONFIG_HOME : undefined;
  const environment: ClientEnvironment = {
    home: os.homedir(),
    platform,
    projectDirs: [process.cwd(), ...projectDirs],
  };
  if (appData && path.isAbsolute(appData)) environment.appData = appData;
  const localAppData = platform === 'win32' ? env.LOCALAPPDATA : undefined;
  if (localAppData && path.isAbsolute(localAppData)) environment.localAppData = localAppData;
  return environment;
}

/**
 * `path` with a home folder written as `~`: absolute paths name the user. Both the audited home
 * and the user's own are shortened, the longer first (one may lie inside the other).
 */
function tildePath(file: string, homes: readonly string[]): string {
  for (const home of [...homes].sort((a, b) => b.length - a.length)) {
    if (home === '' || home === path.parse(home).root) continue;
    if (file === home) return '~';
    if (file.startsWith(home + path.sep) || file.startsWith(`${home}/`)) {
      return `~${file.slice(home.length)}`;
    }
  }
  return file;
}

/** Runs `doctor clients`; resolves with the exit status. */
export async function runClientsCommand(args: string[], io: ClientsCommandIo): Promise<number> {
  let options: Options;
  let environment: ClientEnvironment;
  try {
    options = parseArgs(args);
    if (options.help) {
      io.stdout.write(CLIENTS_USAGE);
      return EXIT_OK;
    }
    environment = environmentOf(options, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${redact(error.message)}\n\n${CLIENTS_USAGE}`);
    return EXIT_USAGE;
  }
  try {
    const { report } = await scanClientConfigs(environment);
    const level = report.findings.length > 0 ? 'warning' : 'ok';
    const homes = [environment.home, os.homedir()];
    const clients = report.clients.map((client) =>
      client.path === undefined ? client : { ...client, path: tildePath(client.path, homes) },
    );
    io.stdout.write(
      options.json
        ? `${JSON.stringify(redact({ level, clients, findings: report.findings, searched: report.searched ?? [] }))}\n`
        : // Entry names come from files anyone can write (a cloned repo's .mcp.json).
          plainText(redact(formatClientReport(report)), { keepNewlines: true }),
    );
    return report.findings.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`The AI-client check failed: ${redact(message)}\n`);
    return EXIT_FAILED;
  }
}
