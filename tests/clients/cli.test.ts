// `doctor clients` through runClientsCommand: fixture homes by option and by environment variable.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOME_ENV, runClientsCommand } from '../../cli/clients';
import { EXPECTED_FINDINGS } from './expected';
import { copyHome, HOMES, MACOS_PROJECT, sink } from './helpers';

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const stdout = sink();
  const stderr = sink();
  const code = await runClientsCommand(args, { stdout, stderr, env });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

describe('doctor clients --json', () => {
  it('audits a fixture home given by --home, guessing its layout', async () => {
    const { code, stdout, stderr } = await run([
      'clients',
      '--json',
      '--home',
      path.join(HOMES, 'windows'),
    ]);
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(stdout) as { level: string; findings: unknown; clients: unknown[] };
    expect(result.level).toBe('warning');
    expect(result.findings).toEqual(EXPECTED_FINDINGS.windows);
    expect(result.clients).toHaveLength(6);
  });

  it(`audits a fixture home given by ${HOME_ENV}`, async () => {
    const { code, stdout } = await run(['--json'], { [HOME_ENV]: path.join(HOMES, 'linux') });
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { findings: unknown }).findings).toEqual(EXPECTED_FINDINGS.linux);
  });

  it('prefers --home over the environment variable, and takes --platform and --project', async () => {
    const { stdout } = await run(
      [
        '--json',
        '--home',
        path.join(HOMES, 'macos'),
        '--platform=darwin',
        '--project',
        MACOS_PROJECT,
      ],
      { [HOME_ENV]: path.join(HOMES, 'linux') },
    );
    expect((JSON.parse(stdout) as { findings: unknown }).findings).toEqual(EXPECTED_FINDINGS.macos);
  });

  it('exits 0 with level ok when every entry is right', async () => {
    const home = copyHome('macos');
    cleanups.push(home.remove);
    writeFileSync(
      path.join(home.dir, '.cursor', 'mcp.json'),
      '{ "mcpServers": { "crosstrade": { "url": "https://app.crosstrade.io/v1/api/mcp" } } }\n',
    );
    writeFileSync(
      path.join(home.dir, 'Library', 'Application Support', 'Code', 'User', 'settings.json'),
      '{}\n',
    );
    const project = path.join(home.dir, 'Projects', 'trading-agent');
    writeFileSync(path.join(project, '.mcp.json'), '{ "mcpServers": {} }\n');
    writeFileSync(path.join(project, '.vscode', 'mcp.json'), '{ "servers": {} }\n');
    const { code, stdout } = await run(['--json', '--home', home.dir]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ level: 'ok', findings: [] });
  });
});

describe('doctor clients --json paths', () => {
  it('writes the home folder as ~, so no user name is printed', async () => {
    const copy = copyHome('linux');
    cleanups.push(copy.remove);
    // A home named as a user's: that name must not be printed.
    const home = path.join(mkdtempSync(path.join(os.tmpdir(), 'ct-user-')), 'annabelle');
    cpSync(copy.dir, home, { recursive: true });
    cleanups.push(() => rmSync(path.dirname(home), { recursive: true, force: true }));
    const saved = process.env.HOME;
    // The user's own home (no --home): os.homedir() reads HOME.
    process.env.HOME = home;
    try {
      for (const args of [['--json'], ['--json', '--home', home]]) {
        const { stdout } = await run(args);
        const result = JSON.parse(stdout) as { clients: Array<{ path?: string }> };
        expect(stdout).not.toContain('annabelle');
        const paths = result.clients.flatMap((c) => (c.path === undefined ? [] : [c.path]));
        expect(paths).toContain('~/.claude.json');
        expect(paths).toContain('~/.config/Code/User/mcp.json');
      }
    } finally {
      if (saved === undefined) delete process.env.HOME;
      else process.env.HOME = saved;
    }
  });
});

describe('doctor clients (text)', () => {
  it('lists each client with its CrossTrade entries, then each problem with its fix', async () => {
    // No --project: the project folder comes from the home's .claude.json, read inside the home.
    const { code, stdout } = await run(['clients', '--home', path.join(HOMES, 'macos')]);
    expect(code).toBe(1);
    const [head, ...rest] = stdout.split('\n\n');
    expect(head?.split('\n')).toEqual([
      'CrossTrade in your AI clients: 7 configuration files, 5 problems',
    ]);
    expect(rest[0]?.split('\n')).toEqual([
      'Claude Desktop  ~/Library/Application Support/Claude/claude_desktop_config.json',
      '  [ok] crosstrade - https://app.crosstrade.io/v1/api/mcp via mcp-remote (Streamable HTTP)',
      'Claude Code  ~/.claude.json',
      '  [none] no CrossTrade entry',
      'Cursor  ~/.cursor/mcp.json',
      '  [problem] crosstrade - https://app.crosstrade.io/v1/api/mcp (Streamable HTTP)',
      'VS Code  ~/Library/Application Support/Code/User/settings.json',
      '  [problem] crosstrade - https://app.crosstrade.io/v1/api/mcp (SSE)',
      'Continue  ~/.continue/config.yaml',
      '  [ok] CrossTrade - https://app.crosstrade.io/v1/api/mcp (Streamable HTTP)',
      'Claude Code  ~/Projects/trading-agent/.mcp.json',
      '  [problem] crosstrade - https://app.crosstrade.io/v1/api/mcp (Streamable HTTP)',
      'VS Code  ~/Projects/trading-agent/.vscode/mcp.json',
      '  [problem] crosstrade - http://app.crosstrade.io/v1/api/mcp (Streamable HTTP)',
    ]);
    expect(rest[1]).toBe('5 problems to fix (the monitor never edits these files):');
    expect(rest[2]?.split('\n')).toEqual([
      '1. Cursor - crosstrade (~/.cursor/mcp.json)',
      `   ${EXPECTED_FINDINGS.macos[0]?.problem}`,
      `   Fix: ${EXPECTED_FINDINGS.macos[0]?.fix}`,
    ]);
    expect(rest).toHaveLength(7);
  });

  it('shows a file that does not parse and a client without a CrossTrade entry', async () => {
    const { stdout } = await run(['--home', path.join(HOMES, 'windows')]);
    expect(stdout).toContain(
      'Windsurf  %USERPROFILE%\\.codeium\\windsurf\\mcp_config.json\n  [problem] cannot be read: a single backslash (\\) inside a text value at line 7, column 21\n',
    );
    expect(stdout).toContain(
      'VS Code  %APPDATA%\\Code\\User\\settings.json\n  [none] no CrossTrade entry\n',
    );
  });

  it('says so when no AI client is configured', async () => {
    const home = copyHome('linux');
    cleanups.push(home.remove);
    const empty = path.join(home.dir, 'empty');
    mkdirSync(empty);
    const { code, stdout } = await run(['--home', empty, '--platform', 'linux']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('No AI client configuration file found on this computer.');
    // "None found" says where it looked, and what it cannot see, never just "all clear".
    expect(lines[1]).toMatch(/^Looked in \d+ places:$/);
    const places = Number(/\d+/.exec(lines[1] ?? '')?.[0]);
    expect(lines.slice(2, 2 + places).map((l) => l.trim())).toEqual(
      expect.arrayContaining([
        '~/.config/Claude/claude_desktop_config.json',
        '~/.claude.json',
        '~/.config/Code - Insiders/User/mcp.json',
        '~/.config/Code/User/profiles/*/settings.json',
        '~/.config/Cursor/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
        '~/.continue/mcpServers/*.yaml',
        '~/.continue/mcpServers/*.json',
      ]),
    );
    expect(stdout).toContain("Claude's or ChatGPT's web settings");
  });
});

describe('doctor clients usage', () => {
  it.each([
    [['--verbose'], 'Unknown argument: --verbose'],
    [['--platform', 'beos'], '--platform must be one of win32, darwin, linux.'],
    [['--home'], '--home needs a value.'],
    [['--home', path.join(HOMES, 'nowhere')], 'No such folder:'],
  ])('rejects %j with exit status 64', async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect({ code, stdout }).toEqual({ code: 64, stdout: '' });
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: doctor clients');
  });

  it('prints its usage on --help', async () => {
    const { code, stdout } = await run(['clients', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: doctor clients \[--json\] \[--home DIR\]/);
  });
});

describe('doctor clients, human output', () => {
  it('prints no terminal control or bidi characters from a config file', async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'clients-escapes-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    // A cloned repository's .mcp.json can hold anything: here a clear-screen, a title change,
    // a bell and a right-to-left override in the entry name, and an old-host URL to flag.
    const name = 'crosstrade\u001b[2J\u001b[H\u001b]0;pwned\u0007\u202eKO LLA';
    mkdirSync(path.join(home, '.cursor'));
    writeFileSync(
      path.join(home, '.cursor', 'mcp.json'),
      JSON.stringify({ mcpServers: { [name]: { url: 'https://mcp.crosstrade.io/sse' } } }),
    );
    const { code, stdout } = await run(['--home', home, '--platform=linux']);
    expect(code).toBe(1);
    expect(stdout).toContain('crosstrade');
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});
