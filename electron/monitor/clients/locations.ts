// Where each AI client keeps its MCP settings, per OS. Paths come from an injectable environment
// (home, app-data folder, platform) so tests point them at fixture homes.
import path from 'node:path';

export type ClientPlatform = 'win32' | 'darwin' | 'linux';

export interface ClientEnvironment {
  home: string;
  /** %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME on Linux. */
  appData?: string;
  platform: ClientPlatform;
  /** Project folders whose `.mcp.json`, `.vscode/mcp.json` and `.cursor/mcp.json` count too. */
  projectDirs?: readonly string[];
  /**
   * `home` is a copy of someone's home folder (a test fixture, `doctor clients --home DIR`), not the
   * home of the user running the scan. The project folders its `~/.claude.json` lists are then read
   * inside the copy, never on this machine: see projectDirOnDisk.
   */
  copiedHome?: boolean;
}

/** `json`: the client reads plain JSON (comments and trailing commas break it). */
export type ConfigFormat = 'json' | 'jsonc' | 'yaml';

export interface ClientConfigLocation {
  client: string;
  /** Absolute path on this machine. */
  path: string;
  /** The path as a trader reads it: `~/.cursor/mcp.json`, `%APPDATA%\Claude\…`. */
  display: string;
  format: ConfigFormat;
  /** Also read Claude Code's per-project servers. */
  projects?: boolean;
  /** The project folder a project file belongs to. */
  project?: string;
}

interface FileSpec {
  client: string;
  root: 'home' | 'appData';
  segments: string[];
  format: ConfigFormat;
  projects?: boolean;
}

const VSCODE_USER = ['Code', 'User'];

const USER_FILES: readonly FileSpec[] = [
  {
    client: 'Claude Desktop',
    root: 'appData',
    segments: ['Claude', 'claude_desktop_config.json'],
    format: 'json',
  },
  {
    client: 'Claude Code',
    root: 'home',
    segments: ['.claude.json'],
    format: 'json',
    projects: true,
  },
  { client: 'Cursor', root: 'home', segments: ['.cursor', 'mcp.json'], format: 'jsonc' },
  {
    client: 'Windsurf',
    root: 'home',
    segments: ['.codeium', 'windsurf', 'mcp_config.json'],
    format: 'jsonc',
  },
  {
    client: 'Cline',
    root: 'appData',
    segments: [
      ...VSCODE_USER,
      'globalStorage',
      'saoudrizwan.claude-dev',
      'settings',
      'cline_mcp_settings.json',
    ],
    // Cline reads this file with JSON.parse (McpHub.readAndValidateMcpSettingsFile): plain JSON.
    format: 'json',
  },
  {
    client: 'VS Code',
    root: 'appData',
    segments: [...VSCODE_USER, 'settings.json'],
    format: 'jsonc',
  },
  // Newer VS Code keeps user MCP servers in their own file (`servers`), beside settings.json.
  { client: 'VS Code', root: 'appData', segments: [...VSCODE_USER, 'mcp.json'], format: 'jsonc' },
  { client: 'Continue', root: 'home', segments: ['.continue', 'config.yaml'], format: 'yaml' },
  { client: 'Continue', root: 'home', segments: ['.continue', 'config.json'], format: 'jsonc' },
];

const PROJECT_FILES: ReadonlyArray<Omit<FileSpec, 'root'>> = [
  { client: 'Claude Code', segments: ['.mcp.json'], format: 'json' },
  { client: 'VS Code', segments: ['.vscode', 'mcp.json'], format: 'jsonc' },
  { client: 'Cursor', segments: ['.cursor', 'mcp.json'], format: 'jsonc' },
];

/** The per-user settings folder for the platform, unless the environment names one. */
export function appDataDir(environment: ClientEnvironment): string {
  if (environment.appData) return environment.appData;
  const { home, platform } = environment;
  if (platform === 'win32') return path.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return path.join(home, '.config');
}

/** The per-user configuration files of every known client (each may or may not exist). */
export function userClientConfigs(environment: ClientEnvironment): ClientConfigLocation[] {
  const roots = { home: environment.home, appData: appDataDir(environment) };
  return USER_FILES.map((spec) => {
    const file = path.join(roots[spec.root], ...spec.segments);
    const location: ClientConfigLocation = {
      client: spec.client,
      path: file,
      display: displayPath(file, environment),
      format: spec.format,
    };
    if (spec.projects) location.projects = true;
    return location;
  });
}

/**
 * The project-level configuration files of one project folder: `dir` is where it lies on this
 * disk, `project` the folder as the client spells it (it scopes the entries; default `dir`).
 */
export function projectClientConfigs(
  dir: string,
  environment: ClientEnvironment,
  project: string = dir,
): ClientConfigLocation[] {
  return PROJECT_FILES.map((spec) => {
    const file = path.join(dir, ...spec.segments);
    return {
      client: spec.client,
      path: file,
      display: displayPath(file, environment),
      format: spec.format,
      project,
    };
  });
}

/** A user folder as each OS writes it, either slash: `/Users/ann`, `/home/ann`, `C:\Users\ann`. */
const USER_FOLDER = /^(?:\/Users\/[^/]+|\/home\/[^/]+|[A-Za-z]:[\\/]Users[\\/][^\\/]+)(?=[\\/]|$)/i;

/**
 * Where a project folder listed in a client file (the keys of Claude Code's `projects`) lies on
 * this disk, or undefined when it is not to be read. Those keys are absolute paths of the machine
 * the file was written on. In the user's own home they are read as written. In a copied home they
 * are mapped into the copy by their place under the user folder (`/Users/ann/bot` → `<home>/bot`,
 * `C:/Users/ann/bot` → `<home>/bot`), and a folder outside any user folder (`/srv/bot`) is skipped:
 * a copy must not make us read this machine's folders of the same name.
 */
export function projectDirOnDisk(dir: string, environment: ClientEnvironment): string | undefined {
  if (!environment.copiedHome) return path.isAbsolute(dir) ? dir : undefined;
  const userFolder = USER_FOLDER.exec(dir)?.[0];
  if (userFolder === undefined) return undefined;
  const rest = dir.slice(userFolder.length).split(/[\\/]/).filter(Boolean);
  return rest.includes('..') ? undefined : path.join(environment.home, ...rest);
}

function inside(root: string, file: string): string[] | undefined {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep);
}

/**
 * The path as the trader would write it on their OS, without their user folder:
 * `%APPDATA%\Claude\claude_desktop_config.json`, `%USERPROFILE%\.cursor\mcp.json`, `~/.cursor/mcp.json`.
 */
export function displayPath(file: string, environment: ClientEnvironment): string {
  const windows = environment.platform === 'win32';
  const underAppData = windows ? inside(appDataDir(environment), file) : undefined;
  if (underAppData) return ['%APPDATA%', ...underAppData].join('\\');
  const underHome = inside(environment.home, file);
  if (underHome)
    return windows ? ['%USERPROFILE%', ...underHome].join('\\') : ['~', ...underHome].join('/');
  return file;
}
