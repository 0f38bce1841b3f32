// Where each AI client keeps its MCP settings, per OS. Paths come from an injectable environment
// (home, app-data folders, platform) so tests point them at fixture homes.
import { readdirSync } from 'node:fs';
import path from 'node:path';

export type ClientPlatform = 'win32' | 'darwin' | 'linux';

export interface ClientEnvironment {
  home: string;
  /** %APPDATA% on Windows, ~/Library/Application Support on macOS, $XDG_CONFIG_HOME on Linux. */
  appData?: string;
  /** %LOCALAPPDATA% on Windows (default `<home>\\AppData\\Local`); unused elsewhere. */
  localAppData?: string;
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
  /** An older file this one replaces: the client reads this one, the other is a stale copy. */
  replaces?: string;
}

interface FileSpec {
  /** The client; for a wildcard path, may name the folder the wildcard matched. */
  client: string | ((matched: string[]) => string);
  root: 'home' | 'appData' | 'localAppData';
  /** Path segments; a segment with `*` matches any name in its folder (`Claude_*`, `*.yaml`). */
  segments: string[];
  format: ConfigFormat;
  projects?: boolean;
  /** Only on this platform. */
  platform?: ClientPlatform;
  /** The file this one replaces, under the app-data folder. */
  replaces?: string[];
  /** Show the path with its wildcard: the matched name means nothing to the trader. */
  showPattern?: boolean;
}

const VSCODE_USER = ['Code', 'User'];
const CLINE_SETTINGS = [
  'globalStorage',
  'saoudrizwan.claude-dev',
  'settings',
  'cline_mcp_settings.json',
];
const CLAUDE_DESKTOP = ['Claude', 'claude_desktop_config.json'];

const USER_FILES: readonly FileSpec[] = [
  { client: 'Claude Desktop', root: 'appData', segments: CLAUDE_DESKTOP, format: 'json' },
  // Claude Desktop for Windows installs as an MSIX package (the Store and the claude.ai installer
  // alike); Windows redirects its %APPDATA% into the package's own folder.
  {
    client: 'Claude Desktop',
    root: 'localAppData',
    segments: ['Packages', 'Claude_*', 'LocalCache', 'Roaming', ...CLAUDE_DESKTOP],
    format: 'json',
    platform: 'win32',
    replaces: CLAUDE_DESKTOP,
    // Claude_<publisher id>: a random-looking id that redaction would hide anyway.
    showPattern: true,
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
  // Cline reads this file with JSON.parse (McpHub.readAndValidateMcpSettingsFile): plain JSON.
  // Installed in Cursor or Windsurf it keeps its own copy there: a separate set of servers.
  {
    client: 'Cline',
    root: 'appData',
    segments: [...VSCODE_USER, ...CLINE_SETTINGS],
    format: 'json',
  },
  {
    client: 'Cline in Cursor',
    root: 'appData',
    segments: ['Cursor', 'User', ...CLINE_SETTINGS],
    format: 'json',
  },
  {
    client: 'Cline in Windsurf',
    root: 'appData',
    segments: ['Windsurf', 'User', ...CLINE_SETTINGS],
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
  // Each VS Code profile has its own settings and servers: one profile's entries never meet
  // another's, so each is a client of its own.
  {
    client: (matched) => `VS Code (profile ${matched[0] ?? ''})`,
    root: 'appData',
    segments: [...VSCODE_USER, 'profiles', '*', 'settings.json'],
    format: 'jsonc',
  },
  {
    client: (matched) => `VS Code (profile ${matched[0] ?? ''})`,
    root: 'appData',
    segments: [...VSCODE_USER, 'profiles', '*', 'mcp.json'],
    format: 'jsonc',
  },
  {
    client: 'VS Code Insiders',
    root: 'appData',
    segments: ['Code - Insiders', 'User', 'settings.json'],
    format: 'jsonc',
  },
  {
    client: 'VS Code Insiders',
    root: 'appData',
    segments: ['Code - Insiders', 'User', 'mcp.json'],
    format: 'jsonc',
  },
  { client: 'Continue', root: 'home', segments: ['.continue', 'config.yaml'], format: 'yaml' },
  { client: 'Continue', root: 'home', segments: ['.continue', 'config.json'], format: 'jsonc' },
  // Continue also loads every block file in ~/.continue/mcpServers/.
  {
    client: 'Continue',
    root: 'home',
    segments: ['.continue', 'mcpServers', '*.yaml'],
    format: 'yaml',
  },
  {
    client: 'Continue',
    root: 'home',
    segments: ['.continue', 'mcpServers', '*.json'],
    format: 'json',
  },
];

const PROJECT_FILES: ReadonlyArray<{ client: string; segments: string[]; format: ConfigFormat }> = [
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

/** %LOCALAPPDATA%: Windows only. */
export function localAppDataDir(environment: ClientEnvironment): string {
  return environment.localAppData ?? path.join(environment.home, 'AppData', 'Local');
}

function rootsOf(environment: ClientEnvironment): Record<FileSpec['root'], string> {
  return {
    home: environment.home,
    appData: appDataDir(environment),
    localAppData: localAppDataDir(environment),
  };
}

function specsFor(environment: ClientEnvironment): FileSpec[] {
  return USER_FILES.filter((spec) => !spec.platform || spec.platform === environment.platform);
}

const isPattern = (segment: string): boolean => segment.includes('*');

function patternRegExp(segment: string): RegExp {
  const escaped = segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Names in `dir` matching `segment`, sorted; none when the folder cannot be listed. */
function namesMatching(dir: string, segment: string): string[] {
  const pattern = patternRegExp(segment);
  try {
    return readdirSync(dir)
      .filter((name) => pattern.test(name))
      .sort();
  } catch {
    return [];
  }
}

/** Every existing expansion of a wildcard path: the file and the names each wildcard matched. */
function expand(
  root: string,
  segments: readonly string[],
): Array<{ file: string; matched: string[] }> {
  let found = [{ file: root, matched: [] as string[] }];
  for (const segment of segments) {
    if (!isPattern(segment)) {
      found = found.map(({ file, matched }) => ({ file: path.join(file, segment), matched }));
      continue;
    }
    found = found.flatMap(({ file, matched }) =>
      namesMatching(file, segment).map((name) => ({
        file: path.join(file, name),
        matched: [...matched, name],
      })),
    );
  }
  return found;
}

/** The per-user configuration files of every known client (each may or may not exist). */
export function userClientConfigs(environment: ClientEnvironment): ClientConfigLocation[] {
  const roots = rootsOf(environment);
  return specsFor(environment).flatMap((spec) => {
    const paths = spec.segments.some(isPattern)
      ? expand(roots[spec.root], spec.segments)
      : [{ file: path.join(roots[spec.root], ...spec.segments), matched: [] }];
    return paths.map(({ file, matched }) => {
      const location: ClientConfigLocation = {
        client: typeof spec.client === 'string' ? spec.client : spec.client(matched),
        path: file,
        display: displayPath(
          spec.showPattern ? path.join(roots[spec.root], ...spec.segments) : file,
          environment,
        ),
        format: spec.format,
      };
      if (spec.projects) location.projects = true;
      if (spec.replaces) location.replaces = path.join(roots.appData, ...spec.replaces);
      return location;
    });
  });
}

/**
 * Every place the audit looks, as the trader would write it (wildcards kept):
 * `%LOCALAPPDATA%\\Packages\\Claude_*\\…`, `~/.continue/mcpServers/*.yaml`. Project folders add
 * their own three files.
 */
export function searchedPlaces(environment: ClientEnvironment): string[] {
  const roots = rootsOf(environment);
  return specsFor(environment).map((spec) =>
    displayPath(path.join(roots[spec.root], ...spec.segments), environment),
  );
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
  const underLocal = windows ? inside(localAppDataDir(environment), file) : undefined;
  if (underLocal) return ['%LOCALAPPDATA%', ...underLocal].join('\\');
  const underAppData = windows ? inside(appDataDir(environment), file) : undefined;
  if (underAppData) return ['%APPDATA%', ...underAppData].join('\\');
  const underHome = inside(environment.home, file);
  if (underHome)
    return windows ? ['%USERPROFILE%', ...underHome].join('\\') : ['~', ...underHome].join('/');
  return file;
}
