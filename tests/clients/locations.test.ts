// Where each client keeps its settings on Windows, macOS and Linux, and how paths are shown.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appDataDir,
  displayPath,
  localAppDataDir,
  projectClientConfigs,
  projectDirOnDisk,
  userClientConfigs,
  type ClientEnvironment,
} from '../../electron/monitor/clients/locations';

const HOME = path.resolve('/h/trader');
const shown = (environment: ClientEnvironment): string[][] =>
  userClientConfigs(environment).map((l) => [l.client, l.display, l.format]);

describe('userClientConfigs', () => {
  it('knows the Windows layout', () => {
    expect(shown({ home: HOME, platform: 'win32' })).toEqual([
      ['Claude Desktop', '%APPDATA%\\Claude\\claude_desktop_config.json', 'json'],
      ['Claude Code', '%USERPROFILE%\\.claude.json', 'json'],
      ['Cursor', '%USERPROFILE%\\.cursor\\mcp.json', 'jsonc'],
      ['Windsurf', '%USERPROFILE%\\.codeium\\windsurf\\mcp_config.json', 'jsonc'],
      [
        'Cline',
        '%APPDATA%\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
        'json',
      ],
      [
        'Cline in Cursor',
        '%APPDATA%\\Cursor\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
        'json',
      ],
      [
        'Cline in Windsurf',
        '%APPDATA%\\Windsurf\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
        'json',
      ],
      ['VS Code', '%APPDATA%\\Code\\User\\settings.json', 'jsonc'],
      ['VS Code', '%APPDATA%\\Code\\User\\mcp.json', 'jsonc'],
      ['VS Code Insiders', '%APPDATA%\\Code - Insiders\\User\\settings.json', 'jsonc'],
      ['VS Code Insiders', '%APPDATA%\\Code - Insiders\\User\\mcp.json', 'jsonc'],
      ['Continue', '%USERPROFILE%\\.continue\\config.yaml', 'yaml'],
      ['Continue', '%USERPROFILE%\\.continue\\config.json', 'jsonc'],
    ]);
  });

  it('expands wildcard folders to the files that exist: MSIX packages, profiles, block files', () => {
    const home = path.resolve(import.meta.dirname, '../fixtures/homes/layouts/windows-msix');
    const msix = userClientConfigs({ home, platform: 'win32' }).filter((l) =>
      l.path.includes('Packages'),
    );
    expect(msix.map((l) => [l.client, l.display, l.replaces])).toEqual([
      [
        'Claude Desktop',
        '%LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json',
        path.join(home, 'AppData', 'Roaming', 'Claude', 'claude_desktop_config.json'),
      ],
    ]);
    expect(msix[0]?.path).toContain('Claude_pzs8sxrjxfjjc');
    // The MSIX layout exists on Windows only.
    expect(
      userClientConfigs({ home, platform: 'linux' }).some((l) => l.path.includes('Packages')),
    ).toBe(false);
  });

  it('defaults %LOCALAPPDATA% to AppData\\Local and takes the one it is given', () => {
    expect(localAppDataDir({ home: HOME, platform: 'win32' })).toBe(
      path.join(HOME, 'AppData', 'Local'),
    );
    const local = path.resolve('/d/local');
    expect(localAppDataDir({ home: HOME, platform: 'win32', localAppData: local })).toBe(local);
    expect(
      displayPath(path.join(local, 'Packages', 'x.json'), {
        home: HOME,
        platform: 'win32',
        localAppData: local,
      }),
    ).toBe('%LOCALAPPDATA%\\Packages\\x.json');
  });

  it('knows the macOS and Linux layouts', () => {
    const mac = userClientConfigs({ home: HOME, platform: 'darwin' }).map((l) => l.display);
    expect(mac).toContain('~/Library/Application Support/Claude/claude_desktop_config.json');
    expect(mac).toContain(
      '~/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    );
    const linux = userClientConfigs({ home: HOME, platform: 'linux' }).map((l) => l.display);
    expect(linux).toContain('~/.config/Claude/claude_desktop_config.json');
    expect(linux).toContain('~/.config/Code/User/settings.json');
    expect(linux).toContain('~/.config/Code/User/mcp.json');
    expect(linux).toContain('~/.codeium/windsurf/mcp_config.json');
  });

  it('uses an injected app-data folder, and only reads Claude Code projects from ~/.claude.json', () => {
    const appData = path.resolve('/x/config');
    const locations = userClientConfigs({ home: HOME, platform: 'linux', appData });
    expect(locations[0]?.path).toBe(path.join(appData, 'Claude', 'claude_desktop_config.json'));
    expect(locations[0]?.display).toBe(path.join(appData, 'Claude', 'claude_desktop_config.json'));
    expect(locations.filter((l) => l.projects).map((l) => l.display)).toEqual(['~/.claude.json']);
  });
});

describe('projectClientConfigs', () => {
  it("lists a project's .mcp.json, .vscode/mcp.json and .cursor/mcp.json", () => {
    const dir = path.join(HOME, 'bots', 'es');
    expect(
      projectClientConfigs(dir, { home: HOME, platform: 'linux' }).map((l) => [
        l.client,
        l.display,
        l.project,
      ]),
    ).toEqual([
      ['Claude Code', '~/bots/es/.mcp.json', dir],
      ['VS Code', '~/bots/es/.vscode/mcp.json', dir],
      ['Cursor', '~/bots/es/.cursor/mcp.json', dir],
    ]);
  });
});

describe('projectDirOnDisk', () => {
  const copy = { home: HOME, platform: 'linux', copiedHome: true } as const;

  it('reads the folders of a copied home inside the copy, by their place under the user folder', () => {
    expect(projectDirOnDisk('/Users/ann/Projects/bot', copy)).toBe(
      path.join(HOME, 'Projects', 'bot'),
    );
    expect(projectDirOnDisk('/home/ann/code/es-bot', copy)).toBe(path.join(HOME, 'code', 'es-bot'));
    expect(projectDirOnDisk('C:/Users/ann/bots/es', copy)).toBe(path.join(HOME, 'bots', 'es'));
    expect(projectDirOnDisk('c:\\users\\ann\\bots\\es', copy)).toBe(path.join(HOME, 'bots', 'es'));
    expect(projectDirOnDisk('/home/ann', copy)).toBe(HOME);
  });

  it("skips a copied home's folders that are not under a user folder or climb out of it", () => {
    for (const dir of ['/opt/strategies', '/Users/ann/../../etc', 'D:\\bots\\es', 'bots/es']) {
      expect(projectDirOnDisk(dir, copy), dir).toBeUndefined();
    }
  });

  it('reads the folders of the own home as written, when absolute', () => {
    const own = { home: HOME, platform: 'linux' } as const;
    expect(projectDirOnDisk('/opt/strategies', own)).toBe('/opt/strategies');
    expect(projectDirOnDisk('bots/es', own)).toBeUndefined();
  });
});

describe('appDataDir and displayPath', () => {
  it('derives the app-data folder per platform', () => {
    expect(appDataDir({ home: HOME, platform: 'win32' })).toBe(
      path.join(HOME, 'AppData', 'Roaming'),
    );
    expect(appDataDir({ home: HOME, platform: 'darwin' })).toBe(
      path.join(HOME, 'Library', 'Application Support'),
    );
    expect(appDataDir({ home: HOME, platform: 'linux' })).toBe(path.join(HOME, '.config'));
  });

  it('shows a path outside the home folder as it is', () => {
    const elsewhere = path.resolve('/srv/bot/.mcp.json');
    expect(displayPath(elsewhere, { home: HOME, platform: 'linux' })).toBe(elsewhere);
  });
});
