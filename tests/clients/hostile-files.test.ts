// AI-client settings files that are not what they seem: huge, a pipe or a device, nested
// thousands deep, a YAML alias bomb, a project list 100,000 long. Each is a finding about that one
// file; the other files are still audited, quickly and in bounded memory. Real files in a temp
// home, read by the real `doctor clients` in a child process.
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  constants,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDoctorChild, type DoctorRun } from '../hostile/caps-helpers';

interface Audit {
  level: string;
  clients: Array<{ client: string; file: string; path?: string }>;
  findings: Array<{ client: string; file: string; problem: string }>;
}

const GOOD_CURSOR = JSON.stringify({
  mcpServers: { crosstrade: { url: 'https://app.crosstrade.io/v1/api/mcp' } },
});
/** Windsurf's entry uses the legacy host: a finding that must survive whatever else is wrong. */
const LEGACY_WINDSURF = JSON.stringify({
  mcpServers: { crosstrade: { serverUrl: 'https://mcp.crosstrade.io/mcp' } },
});

const homes: string[] = [];
const fifos: string[] = [];
afterEach(() => {
  // A reader still blocked on a FIFO (the code before the fix) is released by a writer.
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // no reader left: nothing to release
    }
  }
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A linux-layout home with a good Cursor file and a Windsurf file that has a known finding. */
function makeHome(): { home: string; put(relative: string, text: string): string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'hostile-home-'));
  homes.push(home);
  const put = (relative: string, text: string) => {
    const file = path.join(home, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  put('.cursor/mcp.json', GOOD_CURSOR);
  put('.codeium/windsurf/mcp_config.json', LEGACY_WINDSURF);
  return { home, put };
}

async function audit(home: string, deadlineMs = 30_000): Promise<DoctorRun & { json: Audit }> {
  const run = await runDoctorChild(
    ['clients', '--json', '--home', home, '--platform', 'linux'],
    deadlineMs,
  );
  expect(run.killed, `doctor clients was still running after ${deadlineMs} ms`).toBe(false);
  expect(run.stderr).toBe('');
  return { ...run, json: JSON.parse(run.stdout) as Audit };
}

function expectOthersAudited(json: Audit) {
  expect(json.clients.map((c) => c.file)).toEqual(
    expect.arrayContaining(['~/.cursor/mcp.json', '~/.codeium/windsurf/mcp_config.json']),
  );
  expect(
    json.findings.some((f) => f.client === 'Windsurf' && /mcp\.crosstrade\.io/.test(f.problem)),
  ).toBe(true);
}

function findingFor(json: Audit, file: string) {
  return json.findings.filter((f) => f.file === file).map((f) => f.problem);
}

describe('AI-client settings files that are not settings', () => {
  it('a 20 MB ~/.claude.json is not read: a finding names its size and the limit', async () => {
    const base = makeHome();
    const baseline = await audit(base.home);
    const { home, put } = makeHome();
    // 20 MB of plausible content: project entries with history, as Claude Code writes them.
    const history = Array.from({ length: 20 }, (_, i) => ({ display: `ask ${i} `.repeat(8) }));
    const entry = JSON.stringify({ history, mcpServers: {} });
    const count = Math.ceil((20 * 1024 * 1024) / (entry.length + 30));
    const projects = Array.from({ length: count }, (_, i) => `"/home/ann/project-${i}":${entry}`);
    const text = `{"projects":{${projects.join(',')}}}`;
    expect(Math.round(text.length / (1024 * 1024))).toBe(20);
    put('.claude.json', text);
    const { json, peakMb } = await audit(home);
    expect(findingFor(json, '~/.claude.json')).toEqual([
      '~/.claude.json was not checked: it is 20 MB; files over 5 MB are not read.',
    ]);
    expectOthersAudited(json);
    // Parsing it cost hundreds of MB; skipped, it costs nothing.
    expect(peakMb - baseline.peakMb).toBeLessThan(60);
  }, 90_000);

  it('a FIFO in place of a settings file does not block the audit', async () => {
    const { home } = makeHome();
    const fifo = path.join(home, '.continue', 'config.yaml');
    mkdirSync(path.dirname(fifo), { recursive: true });
    execFileSync('mkfifo', [fifo]);
    fifos.push(fifo);
    const { json, ms } = await audit(home, 20_000);
    expect(ms).toBeLessThan(15_000);
    expect(findingFor(json, '~/.continue/config.yaml')).toEqual([
      '~/.continue/config.yaml was not checked: it is not a regular file (a folder, pipe or device).',
    ]);
    expectOthersAudited(json);
  }, 30_000);

  it('a device in place of a settings file is not opened', async () => {
    const { home } = makeHome();
    const file = path.join(home, '.config', 'Code', 'User', 'mcp.json');
    mkdirSync(path.dirname(file), { recursive: true });
    symlinkSync('/dev/null', file);
    const { json } = await audit(home);
    expect(findingFor(json, '~/.config/Code/User/mcp.json')).toEqual([
      '~/.config/Code/User/mcp.json was not checked: it is not a regular file (a folder, pipe or device).',
    ]);
    expectOthersAudited(json);
  }, 30_000);

  it('an entry nested 100,000 deep is a finding about its file only', async () => {
    const { home, put } = makeHome();
    const depth = 100_000;
    put(
      '.config/Claude/claude_desktop_config.json',
      `{"mcpServers":{"crosstrade":{"url":"https://app.crosstrade.io/v1/api/mcp","env":${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
    );
    const { json } = await audit(home);
    expect(findingFor(json, '~/.config/Claude/claude_desktop_config.json')).toEqual([
      '~/.config/Claude/claude_desktop_config.json was not checked: it nests deeper than 64 levels.',
    ]);
    expectOthersAudited(json);
  }, 30_000);

  it('a YAML alias bomb is a finding about its file only', async () => {
    const { home, put } = makeHome();
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    put('.continue/config.yaml', `${lines.join('\n')}\n`);
    const { json } = await audit(home);
    expect(findingFor(json, '~/.continue/config.yaml')).toEqual([
      '~/.continue/config.yaml was not checked: it expands more YAML aliases (*name) than a settings file needs.',
    ]);
    expectOthersAudited(json);
  }, 30_000);

  it('a ~/.claude.json listing 100,000 projects is audited quickly, in bounded memory', async () => {
    const base = makeHome();
    const baseline = await audit(base.home);
    const { home, put } = makeHome();
    const projects: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) projects[`/home/ann/p${i}`] = {};
    put('.claude.json', JSON.stringify({ projects }));
    put(
      'p3/.mcp.json',
      JSON.stringify({ mcpServers: { crosstrade: { url: 'https://mcp.crosstrade.io/mcp' } } }),
    );
    const { json, ms, peakMb } = await audit(home, 60_000);
    // The first projects are still checked.
    expect(findingFor(json, '~/p3/.mcp.json').length).toBeGreaterThan(0);
    expectOthersAudited(json);
    // Before the bound: 14 s and 1.7 GB.
    expect(ms - baseline.ms).toBeLessThan(8_000);
    expect(peakMb - baseline.peakMb).toBeLessThan(250);
  }, 90_000);
});
