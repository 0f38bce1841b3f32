// Issue 8 acceptance: the Windows, macOS and Linux fixture homes give exactly the expected findings.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanClientConfigs } from '../../electron/monitor/clients/scan';
import { diagnose } from '../../shared/diagnose';
import { EXPECTED_CLIENTS, EXPECTED_FINDINGS } from './expected';
import { fixtureEnvironment, HOMES, type FixtureHome } from './helpers';

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

  it('finds nothing for a home without AI clients, and no project folder counts unless named', async () => {
    const { report } = await scanClientConfigs({
      home: path.join(HOMES, 'macos', 'Projects'),
      platform: 'linux',
    });
    expect(report).toEqual({ clients: [], findings: [] });
    const withoutProject = await scanClientConfigs({
      ...fixtureEnvironment('macos'),
      projectDirs: [],
    });
    expect(withoutProject.report.findings).toEqual(EXPECTED_FINDINGS.macos.slice(0, 2));
  });

  it('becomes the client_misconfigured warning, one cause per finding', async () => {
    const { report } = await scanClientConfigs(fixtureEnvironment('macos'));
    const snapshot = diagnose({
      checkedAt: '2026-01-05T14:00:00.000Z',
      serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
      token: { state: 'signed_in', refreshTokenPresent: true },
      calls: [],
      nt8Process: 'unknown',
      clientFindings: report.findings,
    });
    const problem = snapshot.problems.find((p) => p.id === 'client_misconfigured');
    expect(problem?.level).toBe('warning');
    expect(problem?.cause).toBe(
      [
        'Cursor (crosstrade): An access token (Bearer) is pasted in headers.Authorization. That is a secret in plain text: anyone who can read this file can use it.',
        `VS Code (crosstrade): It uses the old SSE transport (type "sse"); CrossTrade's MCP server needs Streamable HTTP.`,
        "VS Code (crosstrade): The address http://app.crosstrade.io/v1/api/mcp is not CrossTrade's MCP address: it starts with http:// instead of https://.",
      ].join('; '),
    );
  });
});
