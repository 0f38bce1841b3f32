// The Windows, macOS and Linux fixture homes give exactly the expected findings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanClientConfigs } from '../../electron/monitor/clients/scan';
import { formatClientReport } from '../../cli/clients-format';
import { EXPECTED_CLIENTS, EXPECTED_FINDINGS, EXPECTED_LAYOUT_FINDINGS } from './expected';
import {
  copyHome,
  diagnoseFindings,
  fixtureEnvironment,
  HOMES,
  LAYOUT_HOMES,
  layoutEnvironment,
  type FixtureHome,
  type LayoutHome,
} from './helpers';

const HOME_NAMES: FixtureHome[] = ['windows', 'macos', 'linux'];

describe('fixture homes', () => {
  it.each(HOME_NAMES)('the %s home gives exactly the expected findings', async (home) => {
    const { report } = await scanClientConfigs(fixtureEnvironment(home));
    expect(report.findings).toEqual(EXPECTED_FINDINGS[home]);
  });

  it.each(HOME_NAMES)(
    'the %s home lists each detected client, its entries and their status',
    async (home) => {
      const { report } = await scanClientConfigs(fixtureEnvironment(home));
      const summary = report.clients.map((c) => ({
        client: c.client,
        file: c.file,
        status: c.status,
        entries: c.entries.map((e) => [e.name, e.status]),
      }));
      expect(summary).toEqual(EXPECTED_CLIENTS[home]);
    },
  );

  it('describes each entry: address, transport and the bridge in front of it', async () => {
    const { report } = await scanClientConfigs(fixtureEnvironment('linux'));
    const claudeCode = report.clients.find((c) => c.client === 'Claude Code');
    expect(claudeCode?.entries).toEqual([
      {
        name: 'crosstrade',
        url: 'https://app.crosstrade.io/v1/api/mcp',
        transport: 'streamable-http',
        status: 'problem',
      },
      {
        name: 'crosstrade-local',
        project: '/home/trader/code/es-bot',
        url: 'https://app.crosstrade.io/v1/api/mcp',
        via: 'mcp-remote',
        transport: 'streamable-http',
        status: 'problem',
      },
    ]);
    expect(claudeCode?.path).toBe(path.join(HOMES, 'linux', '.claude.json'));
  });

  it('reports where a file stops parsing', async () => {
    const { report } = await scanClientConfigs(fixtureEnvironment('windows'));
    const windsurf = report.clients.find((c) => c.client === 'Windsurf');
    expect(windsurf?.parseError).toEqual({
      line: 7,
      column: 21,
      message: 'a single backslash (\\) inside a text value',
    });
  });

  it('finds nothing for a home without AI clients', async () => {
    const { report } = await scanClientConfigs({
      home: path.join(HOMES, 'macos', 'Projects'),
      platform: 'linux',
      copiedHome: true,
    });
    expect(report.clients).toEqual([]);
    expect(report.findings).toEqual([]);
    expect(report.searched).toContain('~/.claude.json');
  });

  it('finds the project folders ~/.claude.json lists inside the copied home', async () => {
    // /Users/trader/Projects/trading-agent in the macOS fixture's .claude.json is read as
    // <fixture>/Projects/trading-agent: the same findings without naming the folder.
    const { report } = await scanClientConfigs({ ...fixtureEnvironment('macos'), projectDirs: [] });
    expect(report.findings).toEqual(EXPECTED_FINDINGS.macos);
  });

  it.each(HOME_NAMES)(
    'never looks outside the %s home, whatever folders its .claude.json lists',
    async (home) => {
      const root = path.join(HOMES, home);
      const { candidates, roots } = await scanClientConfigs(fixtureEnvironment(home));
      const outside = [...candidates, ...roots].filter((p) =>
        path.relative(root, p).startsWith('..'),
      );
      expect(outside).toEqual([]);
      // The folders listed are mapped, not dropped (/opt/shared/strategies, outside ~, is).
      const projects = roots
        .slice(2)
        .filter((dir) => dir !== path.join(root, 'AppData', 'Local'))
        .map((dir) => path.relative(root, dir));
      expect(projects).toEqual(
        {
          windows: [path.join('bots', 'es-scalper')],
          macos: [path.join('Projects', 'trading-agent')],
          linux: [path.join('code', 'es-bot'), path.join('code', 'website')],
        }[home],
      );
    },
  );

  it("reports a comment in Cline's settings, which Cline reads as plain JSON", async () => {
    const home = copyHome('windows');
    try {
      const file = path.join(
        home.dir,
        ...'AppData/Roaming/Code/User/globalStorage/saoudrizwan.claude-dev/settings'.split('/'),
        'cline_mcp_settings.json',
      );
      writeFileSync(
        file,
        '{\n  // CrossTrade\n  "mcpServers": { "crosstrade": { "type": "streamableHttp", "url": "https://app.crosstrade.io/v1/api/mcp" } }\n}\n',
      );
      const { report } = await scanClientConfigs({
        home: home.dir,
        platform: 'win32',
        copiedHome: true,
      });
      expect(report.findings.filter((f) => f.client === 'Cline').map((f) => f.problem)).toEqual([
        'Cline cannot read this file: a comment, which Cline does not accept at line 2, column 3.',
      ]);
    } finally {
      home.remove();
    }
  });

  it('becomes the client_misconfigured warning, one cause per finding', async () => {
    const { report } = await scanClientConfigs(fixtureEnvironment('macos'));
    const snapshot = diagnoseFindings(report.findings);
    const problem = snapshot.problems.find((p) => p.id === 'client_misconfigured');
    expect(problem?.level).toBe('warning');
    expect(problem?.cause).toBe(
      EXPECTED_FINDINGS.macos.map((f) => `${f.client} (${f.entry}): ${f.problem}`).join('; '),
    );
    expect(problem?.cause.split('; ')[0]).toBe(
      'Cursor (crosstrade): An access token (Bearer) is pasted in headers.Authorization. That is a secret in plain text: anyone who can read this file can use it.',
    );
  });
});

describe('install layouts of current clients', () => {
  const LAYOUTS = Object.keys(LAYOUT_HOMES) as LayoutHome[];

  it.each(LAYOUTS)('the %s home gives exactly the expected findings', async (home) => {
    const { report } = await scanClientConfigs(layoutEnvironment(home));
    expect(report.findings).toEqual(EXPECTED_LAYOUT_FINDINGS[home]);
  });

  it('finds Claude Desktop installed as an MSIX package, with nothing in %APPDATA%', async () => {
    const { report, candidates } = await scanClientConfigs(layoutEnvironment('windows-msix'));
    expect(report.clients.map((c) => [c.client, c.status])).toEqual([
      ['Claude Desktop', 'problem'],
    ]);
    const text = formatClientReport(report);
    expect(text).not.toContain('No AI client configuration file found');
    expect(text).toContain('Claude Desktop  %LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache');
    // The file Claude really reads is watched.
    expect(candidates).toContain(
      path.join(
        HOMES,
        ...'layouts/windows-msix/AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json'.split(
          '/',
        ),
      ),
    );
  });

  it('reads %LOCALAPPDATA% where the environment says it is', async () => {
    const home = path.join(HOMES, 'layouts', 'windows-msix');
    const moved = await scanClientConfigs({
      home: path.join(HOMES, 'linux'),
      platform: 'win32',
      localAppData: path.join(home, 'AppData', 'Local'),
      copiedHome: true,
    });
    expect(moved.report.clients.map((c) => c.client)).toContain('Claude Desktop');
  });

  it('says which Claude Desktop file counts when an old %APPDATA% copy is left', async () => {
    const { report } = await scanClientConfigs(layoutEnvironment('windows-msix-stale'));
    expect(report.clients.map((c) => ({ file: c.file, status: c.status, note: c.note }))).toEqual([
      {
        file: '%APPDATA%\\Claude\\claude_desktop_config.json',
        status: 'none',
        note: 'A stale copy: Claude Desktop reads %LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json instead.',
      },
      {
        file: '%LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json',
        status: 'ok',
        note: undefined,
      },
    ]);
    expect(formatClientReport(report)).toContain('[note] A stale copy: Claude Desktop reads');
  });

  it('keeps each VS Code profile apart: the same entry in two profiles is no duplicate', async () => {
    const { report } = await scanClientConfigs(layoutEnvironment('vscode-profile'));
    expect(report.clients.map((c) => [c.client, c.status])).toEqual([
      ['VS Code', 'ok'],
      ['VS Code (profile -5a3b9c1d)', 'problem'],
    ]);
  });

  it('lists every place it looked, and what it cannot see, when nothing is found', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'ct-empty-home-'));
    try {
      const { report } = await scanClientConfigs({ home, platform: 'win32', copiedHome: true });
      expect(report.clients).toEqual([]);
      const searched = report.searched ?? [];
      expect(searched).toEqual(
        expect.arrayContaining([
          '%APPDATA%\\Claude\\claude_desktop_config.json',
          '%LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json',
          '%USERPROFILE%\\.claude.json',
          '%APPDATA%\\Code - Insiders\\User\\mcp.json',
          '%APPDATA%\\Code\\User\\profiles\\*\\mcp.json',
          '%APPDATA%\\Cursor\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
          '%APPDATA%\\Windsurf\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
          '%USERPROFILE%\\.continue\\mcpServers\\*.yaml',
        ]),
      );
      const text = formatClientReport(report);
      expect(text).toContain(`Looked in ${searched.length} places:`);
      for (const place of searched) expect(text).toContain(`  ${place}\n`);
      expect(text).toMatch(/Claude's or ChatGPT's web settings .* cannot be audited from here/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
