// The pure audit rules (shared/client-audit/), on documents held in memory: each document goes
// through scanDocument and auditClientFiles, the two steps readClientConfig and scanClientConfigs
// take for a file on disk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditClientFiles,
  extractCrossTradeEntries,
  scanDocument,
  type ClientAuditReport,
  type ClientConfigDocument,
} from '../../shared/client-audit';

const OFFICIAL = 'https://app.crosstrade.io/v1/api/mcp';

function doc(
  client: string,
  servers: unknown,
  extra: Partial<ClientConfigDocument> = {},
): ClientConfigDocument {
  return { client, file: '~/settings.json', content: { mcpServers: servers }, ...extra };
}
const audit = (...documents: ClientConfigDocument[]): ClientAuditReport =>
  auditClientFiles(documents.map(scanDocument));
const problems = (report: ClientAuditReport): string[] => report.findings.map((f) => f.problem);
const fixes = (report: ClientAuditReport): string[] => report.findings.map((f) => f.fix);

describe('which entries are CrossTrade’s', () => {
  it('keeps entries by host, by name or by the address given to a stdio bridge, and drops the rest', () => {
    const entries = extractCrossTradeEntries({
      mcpServers: {
        trading: { url: OFFICIAL },
        'My CrossTrade': { url: 'https://example.com/mcp' },
        nt8: { command: 'npx', args: ['-y', 'mcp-remote', OFFICIAL] },
        lookalike: { url: 'https://notcrosstrade.io/v1/api/mcp' },
        github: {
          command: 'npx',
          args: ['@modelcontextprotocol/server-github'],
          env: { GITHUB_TOKEN: 'x' },
        },
      },
    });
    expect(entries.map((e) => [e.name, e.bridge])).toEqual([
      ['trading', undefined],
      ['My CrossTrade', undefined],
      ['nt8', 'mcp-remote'],
    ]);
  });

  it('reads every key clients use: mcpServers, servers, mcp.servers, context_servers and lists', () => {
    const names = (content: unknown): string[] =>
      extractCrossTradeEntries(content).map((e) => e.name);
    expect(names({ servers: { a: { url: OFFICIAL } } })).toEqual(['a']);
    expect(names({ mcp: { servers: { b: { type: 'http', url: OFFICIAL } } } })).toEqual(['b']);
    expect(names({ 'mcp.servers': { c: { url: OFFICIAL } } })).toEqual(['c']);
    expect(
      names({
        context_servers: { d: { command: { path: 'npx', args: ['mcp-remote', OFFICIAL] } } },
      }),
    ).toEqual(['d']);
    expect(names({ mcpServers: [{ name: 'e', url: OFFICIAL }, { url: OFFICIAL }] })).toEqual([
      'e',
      'server #2',
    ]);
    expect(
      names({
        experimental: {
          modelContextProtocolServers: [{ transport: { type: 'sse', url: OFFICIAL } }],
        },
      }),
    ).toEqual(['server #1']);
    expect(names({ projects: { '/p': { mcpServers: { f: { url: OFFICIAL } } } } })).toEqual([]);
    expect(
      extractCrossTradeEntries(
        { projects: { '/p': { mcpServers: { f: { url: OFFICIAL } } } } },
        { projects: true },
      ),
    ).toMatchObject([{ name: 'f', project: '/p' }]);
  });

  it('ignores documents and entries of the wrong shape', () => {
    expect(extractCrossTradeEntries(null)).toEqual([]);
    expect(extractCrossTradeEntries(['crosstrade'])).toEqual([]);
    expect(
      extractCrossTradeEntries({ mcpServers: { crosstrade: 'https://app.crosstrade.io' } }),
    ).toEqual([]);
    expect(extractCrossTradeEntries({ mcpServers: 42 })).toEqual([]);
  });
});

describe('the address', () => {
  const urlProblem = (url: string): string[] =>
    problems(audit(doc('Cursor', { crosstrade: { url } })));

  it('accepts exactly https://app.crosstrade.io/v1/api/mcp', () => {
    expect(audit(doc('Cursor', { crosstrade: { url: OFFICIAL } })).findings).toEqual([]);
  });

  it.each([
    [
      'https://mcp.crosstrade.io/v1/api/mcp',
      'mcp.crosstrade.io is the legacy address from old documentation; the server is app.crosstrade.io',
    ],
    ['http://app.crosstrade.io/v1/api/mcp', 'it starts with http:// instead of https://'],
    ['https://app.crosstrade.io/v1/api/mcp/', 'the path is /v1/api/mcp/ instead of /v1/api/mcp'],
    [
      'https://app.crosstrade.io:8443/v1/api/mcp#x',
      'it names port 8443; it has extra text after the path',
    ],
    [
      'https://example.com/mcp',
      'it points to example.com instead of app.crosstrade.io; the path is /mcp instead of /v1/api/mcp',
    ],
    [
      'https://APP.crosstrade.io/v1/api/mcp',
      'it must be written exactly as https://app.crosstrade.io/v1/api/mcp',
    ],
  ])('flags %s', (url, reason) => {
    expect(urlProblem(url)).toEqual([
      `The address ${url} is not CrossTrade's MCP address: ${reason}.`,
    ]);
  });

  it('flags an address that is not a web address', () => {
    expect(urlProblem('app.crosstrade.io/v1/api/mcp')).toEqual([
      "The address app.crosstrade.io/v1/api/mcp is not CrossTrade's MCP address: it is not a valid web address.",
    ]);
  });

  it('tells a bridge user to change the address given to the bridge', () => {
    const report = audit(
      doc('Claude Desktop', {
        crosstrade: {
          command: 'npx',
          args: ['mcp-remote', 'https://mcp.crosstrade.io/v1/api/mcp'],
        },
      }),
    );
    expect(fixes(report)).toEqual([
      `Change the address given to mcp-remote to exactly ${OFFICIAL}, then restart Claude Desktop.`,
    ]);
  });

  it('flags a CrossTrade entry that runs a local program instead of the hosted server', () => {
    const report = audit(
      doc('Claude Desktop', {
        'crosstrade-nt8': { command: 'C:\\Program Files\\nodejs\\node.exe', args: ['server.js'] },
      }),
    );
    expect(problems(report)).toEqual([
      "It starts a program on this computer (node.exe) instead of connecting to CrossTrade's hosted MCP server.",
    ]);
    expect(report.clients[0]?.entries).toEqual([
      { name: 'crosstrade-nt8', via: 'node.exe', transport: 'stdio', status: 'problem' },
    ]);
  });
});

describe('the transport', () => {
  const transport = (client: string, entry: unknown): [string[], string[]] => {
    const report = audit(doc(client, { crosstrade: entry }));
    return [problems(report), fixes(report)];
  };

  it.each([
    [
      'Claude Code',
      { type: 'sse', url: OFFICIAL },
      'type "sse"',
      `Change type from "sse" to "http", keep the address ${OFFICIAL}, and restart Claude Code.`,
    ],
    [
      'Cline',
      { transportType: 'sse', url: OFFICIAL },
      'transportType "sse"',
      `Change transportType from "sse" to "streamableHttp", keep the address ${OFFICIAL}, and restart Cline.`,
    ],
    [
      'Cursor',
      { transport: 'SSE', url: OFFICIAL },
      'transport "sse"',
      `Delete the transport "sse" setting, keep the address ${OFFICIAL}, and restart Cursor.`,
    ],
    [
      'Continue',
      { transport: { type: 'sse', url: OFFICIAL } },
      'transport.type "sse"',
      `Change transport.type from "sse" to "streamable-http", keep the address ${OFFICIAL}, and restart Continue.`,
    ],
    [
      'Claude Desktop',
      { command: 'npx', args: ['mcp-remote', OFFICIAL, '--transport=sse-only'] },
      '--transport sse-only',
      'Remove --transport sse-only from the mcp-remote arguments, then restart Claude Desktop.',
    ],
    [
      'Claude Desktop',
      { command: 'npx', args: ['-y', 'supergateway', '--sse', OFFICIAL] },
      '--sse',
      `Replace --sse with --streamableHttp in the supergateway arguments, with the address ${OFFICIAL}.`,
    ],
  ])('%s: flags %j as SSE', (client, entry, detail, fix) => {
    expect(transport(client, entry)).toEqual([
      [`It uses the old SSE transport (${detail}); CrossTrade's MCP server needs Streamable HTTP.`],
      [fix],
    ]);
  });

  it.each([
    [{ type: 'http', url: OFFICIAL }],
    [{ type: 'streamableHttp', url: OFFICIAL }],
    [{ type: 'streamable-http', url: OFFICIAL }],
    [{ command: 'npx', args: ['mcp-remote', OFFICIAL, '--transport', 'http-only'] }],
    [{ command: 'npx', args: ['mcp-remote', OFFICIAL, '--transport', 'sse-first'] }],
  ])('accepts %j', (entry) => {
    expect(transport('Claude Code', entry)).toEqual([[], []]);
  });
});

describe('secrets in the file', () => {
  const secretProblems = (entry: unknown): string[] =>
    problems(audit(doc('Cursor', { crosstrade: entry })));
  const pasted = (what: string): string =>
    `${what}. That is a secret in plain text: anyone who can read this file can use it.`;

  it.each([
    [
      { url: OFFICIAL, headers: { Authorization: 'Bearer abc123def456' } },
      'An access token (Bearer) is pasted in headers.Authorization',
    ],
    [
      { url: OFFICIAL, headers: { authorization: 'Basic dXNlcjpwYXNz' } },
      'A password (Basic credentials) is pasted in headers.authorization',
    ],
    [
      { url: OFFICIAL, headers: { 'X-API-Key': 'k-9f8e7d6c' } },
      'A token is pasted in headers.X-API-Key',
    ],
    [
      { url: OFFICIAL, headers: { 'X-CrossTrade-Key': 'ctk-9f8e7d6c' } },
      'A token is pasted in headers.X-CrossTrade-Key',
    ],
    [
      { url: OFFICIAL, headers: { 'X-Auth-Token': 'k-9f8e7d6c', 'X-Client': 'cursor' } },
      'A token is pasted in headers.X-Auth-Token',
    ],
    [
      {
        command: 'npx',
        args: ['mcp-remote', OFFICIAL, '--header', 'X-CrossTrade-Key:ctk-9f8e7d6c'],
      },
      'A token is pasted in args (--header X-CrossTrade-Key)',
    ],
    [
      { url: OFFICIAL, requestOptions: { headers: { Authorization: 'Bearer abc123def456' } } },
      'An access token (Bearer) is pasted in headers.Authorization',
    ],
    [
      {
        command: 'npx',
        args: ['mcp-remote', OFFICIAL],
        env: { CROSSTRADE_SECRET_KEY: 'ck_live_123' },
      },
      'A token is pasted in env.CROSSTRADE_SECRET_KEY',
    ],
    [
      { command: 'npx', args: ['mcp-remote', OFFICIAL], env: { HEADER: 'Bearer abc123def456' } },
      'An access token (Bearer) is pasted in env.HEADER',
    ],
    [
      {
        command: 'npx',
        args: ['mcp-remote', OFFICIAL, '--header', 'Authorization: Bearer abc123def456'],
      },
      'An access token (Bearer) is pasted in args (--header Authorization)',
    ],
    [
      {
        command: 'npx',
        args: ['mcp-remote', OFFICIAL, '--header=Authorization:Bearer abc123def456'],
      },
      'An access token (Bearer) is pasted in args (--header Authorization)',
    ],
    [
      {
        command: 'npx',
        args: ['mcp-remote', OFFICIAL, '--header', 'Authorization:${AUTH}'],
        env: { AUTH: 'Bearer abc123def456' },
      },
      'An access token (Bearer) is pasted in env.AUTH (sent as --header Authorization)',
    ],
    [
      { command: 'npx', args: ['crosstrade-mcp', '--api-key=ck_live_123'] },
      'A token is pasted in args (--api-key)',
    ],
    [
      { url: `${OFFICIAL}?token=abc123def456` },
      'A token is pasted in the address (its token parameter)',
    ],
  ])('finds the secret in %j', (entry, where) => {
    expect(secretProblems(entry)).toContain(pasted(where));
  });

  it('lists every place a secret sits, in one finding per entry', () => {
    expect(
      secretProblems({
        url: OFFICIAL,
        headers: { Authorization: 'Bearer abc123def456', Cookie: 'sid=1' },
      }),
    ).toEqual([
      pasted(
        'An access token (Bearer) is pasted in headers.Authorization. A token is pasted in headers.Cookie',
      ),
    ]);
  });

  it('tells them to remove and revoke a pasted secret', () => {
    expect(
      fixes(
        audit(
          doc('Cursor', {
            crosstrade: { url: OFFICIAL, headers: { Authorization: 'Bearer abc123def456' } },
          }),
        ),
      ),
    ).toEqual([
      "Delete it from the file, then revoke it on CrossTrade's AI Clients page (https://app.crosstrade.io/user/my-account?tab=ai-clients); Cursor signs in through your browser (OAuth) without it.",
    ]);
  });

  it('calls a header filled from a variable a fixed header, not a pasted secret', () => {
    const report = audit(
      doc('VS Code', {
        crosstrade: {
          type: 'http',
          url: OFFICIAL,
          headers: { Authorization: 'Bearer ${input:crosstrade-token}' },
        },
      }),
      doc('Claude Desktop', {
        crosstrade: {
          command: 'npx',
          args: ['mcp-remote', OFFICIAL, '--header', 'Authorization:${AUTH_HEADER}'],
        },
      }),
    );
    expect(report.findings.map((f) => [f.client, f.problem, f.fix])).toEqual([
      [
        'VS Code',
        "A fixed Authorization header is set (headers.Authorization): it skips CrossTrade's sign-in and fails once that token expires or is revoked.",
        'Remove it and let VS Code sign in through your browser (OAuth).',
      ],
      [
        'Claude Desktop',
        "A fixed Authorization header is set (args (--header Authorization)): it skips CrossTrade's sign-in and fails once that token expires or is revoked.",
        'Remove it and let Claude Desktop sign in through your browser (OAuth).',
      ],
    ]);
  });

  it.each([
    [{ NODE_ENV: 'production', DEBUG: 'mcp-remote' }],
    [{ CROSSTRADE_TOKEN: '${env:CROSSTRADE_TOKEN}' }],
    [{ CROSSTRADE_TOKEN: '<your-token>' }],
    [{ CROSSTRADE_TOKEN: '' }],
  ])('sees no secret in env %j', (env) => {
    expect(secretProblems({ command: 'npx', args: ['mcp-remote', OFFICIAL], env })).toEqual([]);
  });

  it('keeps the address but not the secret in it', () => {
    const report = audit(
      doc('Cursor', {
        crosstrade: {
          url: 'https://user:hunter2pass@app.crosstrade.io/v1/api/mcp?api_key=abc123def456&region=us',
        },
      }),
    );
    expect(report.clients[0]?.entries[0]?.url).toBe(
      'https://[redacted]@app.crosstrade.io/v1/api/mcp?api_key=[redacted]&region=us',
    );
    expect(JSON.stringify(report)).not.toMatch(/hunter2pass|abc123def456/);
  });

  it('never lets a secret through, wherever it is pasted (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/).map((s) => `tk${s}`);
    fc.assert(
      fc.property(secret, secret, secret, secret, (header, envToken, arg, other) => {
        const report = audit(
          doc('Cursor', {
            crosstrade: {
              url: OFFICIAL,
              headers: { Authorization: `Bearer ${header}`, 'X-CrossTrade-Key': other },
            },
            'crosstrade-bridge': {
              command: 'npx',
              args: [
                'mcp-remote',
                `${OFFICIAL}?token=${arg}`,
                '--header',
                `Authorization: Bearer ${arg}`,
              ],
              env: { CROSSTRADE_TOKEN: envToken },
            },
            github: { command: 'npx', args: ['server-github'], env: { GITHUB_TOKEN: other } },
          }),
        );
        const output = JSON.stringify(report);
        return [header, envToken, arg, other].every((s) => !output.includes(s));
      }),
      { numRuns: 200 },
    );
  });
});

describe('more than one CrossTrade entry', () => {
  it('flags two entries a client loads together, across its files', () => {
    const report = audit(
      doc('VS Code', { crosstrade: { type: 'http', url: OFFICIAL } }, { file: 'settings.json' }),
      {
        client: 'VS Code',
        file: '~/bot/.vscode/mcp.json',
        project: '/home/t/bot',
        content: { servers: { 'crosstrade-2': { type: 'http', url: OFFICIAL } } },
      },
      doc('Cursor', { crosstrade: { url: OFFICIAL } }),
    );
    expect(report.findings).toEqual([
      {
        client: 'VS Code',
        file: 'settings.json, ~/bot/.vscode/mcp.json',
        entry: 'crosstrade, crosstrade-2',
        problem:
          'VS Code has 2 CrossTrade entries in the project /home/t/bot ("crosstrade", "crosstrade-2"): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
        fix: `Keep one entry, with the address ${OFFICIAL}, delete the others, and restart VS Code.`,
      },
    ]);
    expect(report.clients.map((c) => c.entries.map((e) => e.status))).toEqual([
      ['problem'],
      ['problem'],
      ['ok'],
    ]);
  });

  it('counts one name twice when VS Code loads it from the user settings and the workspace', () => {
    // VS Code runs both (microsoft/vscode#257420): two connections, whatever their names.
    const report = audit(
      doc('VS Code', { crosstrade: { type: 'http', url: OFFICIAL } }, { file: 'settings.json' }),
      {
        client: 'VS Code',
        file: '~/bot/.vscode/mcp.json',
        project: '/home/t/bot',
        content: { servers: { crosstrade: { type: 'http', url: OFFICIAL } } },
      },
    );
    expect(report.findings.map((f) => [f.file, f.entry, f.problem])).toEqual([
      [
        'settings.json, ~/bot/.vscode/mcp.json',
        'crosstrade',
        'VS Code has 2 CrossTrade entries in the project /home/t/bot ("crosstrade" in settings.json, "crosstrade" in ~/bot/.vscode/mcp.json): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
      ],
    ]);
  });

  it("ignores Continue's config.json next to a config.yaml, as Continue does", () => {
    const yaml: ClientConfigDocument = {
      client: 'Continue',
      file: '~/.continue/config.yaml',
      content: { mcpServers: [{ name: 'crosstrade', url: OFFICIAL }] },
    };
    const json = (...names: string[]): ClientConfigDocument => ({
      client: 'Continue',
      file: '~/.continue/config.json',
      content: { mcpServers: names.map((name) => ({ name, url: OFFICIAL })) },
    });
    expect(audit(yaml, json('crosstrade')).findings).toEqual([]);
    expect(audit(yaml, json('crosstrade-2')).findings).toEqual([]);
    // Without a config.yaml Continue reads config.json: two entries there are two connections.
    expect(problems(audit(json('ct0', 'ct1')))).toEqual([
      'Continue has 2 CrossTrade entries ("ct0", "ct1"): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
    ]);
  });

  it.each(['Claude Code', 'Cursor'])(
    'lets a %s project entry of the same name override the user one',
    (client) => {
      const report = audit(
        {
          client,
          file: '~/user.json',
          content: { mcpServers: { crosstrade: { type: 'http', url: OFFICIAL } } },
        },
        {
          client,
          file: '~/bot/project.json',
          project: '/home/t/bot',
          content: { mcpServers: { crosstrade: { type: 'http', url: OFFICIAL } } },
        },
      );
      expect(report.findings).toEqual([]);
    },
  );

  it("lets Claude Code's local entry override the .mcp.json entry of the same name", () => {
    const report = audit(
      {
        client: 'Claude Code',
        file: '~/.claude.json',
        projects: true,
        content: {
          projects: { '/home/t/bot': { mcpServers: { crosstrade: { url: OFFICIAL } } } },
        },
      },
      {
        client: 'Claude Code',
        file: '~/bot/.mcp.json',
        project: '/home/t/bot',
        content: { mcpServers: { crosstrade: { type: 'http', url: OFFICIAL } } },
      },
    );
    expect(report.findings).toEqual([]);
  });

  it('flags a project entry of another name, naming the project', () => {
    const report = audit(
      {
        client: 'Claude Code',
        file: '~/.claude.json',
        content: { mcpServers: { crosstrade: { type: 'http', url: OFFICIAL } } },
      },
      {
        client: 'Claude Code',
        file: '~/bot/.mcp.json',
        project: '/home/t/bot',
        content: { mcpServers: { ct: { type: 'http', url: OFFICIAL } } },
      },
      {
        client: 'Claude Code',
        file: '~/other/.mcp.json',
        project: '/home/t/other',
        content: { mcpServers: {} },
      },
    );
    expect(problems(report)).toEqual([
      'Claude Code has 2 CrossTrade entries in the project /home/t/bot ("crosstrade", "ct"): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
    ]);
    expect(report.findings[0]?.file).toBe('~/.claude.json, ~/bot/.mcp.json');
  });

  it('ignores disabled entries for duplicates and the address, but not for secrets', () => {
    const report = audit(
      doc('Cline', {
        crosstrade: { type: 'streamableHttp', url: OFFICIAL },
        'crosstrade-old': {
          url: 'https://mcp.crosstrade.io/sse',
          disabled: true,
          headers: { Authorization: 'Bearer abc123def456' },
        },
      }),
    );
    expect(report.findings.map((f) => [f.entry, f.problem.slice(0, 40)])).toEqual([
      ['crosstrade-old', 'An access token (Bearer) is pasted in he'],
    ]);
    expect(report.clients[0]?.entries.map((e) => [e.name, e.disabled, e.status])).toEqual([
      ['crosstrade', undefined, 'ok'],
      ['crosstrade-old', true, 'problem'],
    ]);
  });
});

describe('files that do not parse', () => {
  it('says where, what is wrong and how to fix it', () => {
    const report = audit({
      client: 'Cursor',
      file: '~/.cursor/mcp.json',
      parseError: { code: 'CommaExpected', line: 4, column: 5 },
    });
    expect(report.findings).toEqual([
      {
        client: 'Cursor',
        file: '~/.cursor/mcp.json',
        problem:
          'Cursor cannot read this file: a comma is missing just before this spot at line 4, column 5.',
        fix: 'Open the file at line 4, column 5, add the missing comma (,) at the end of the previous item, and save it; until then Cursor ignores every MCP server in this file.',
      },
    ]);
    expect(report.clients).toEqual([
      {
        client: 'Cursor',
        file: '~/.cursor/mcp.json',
        entries: [],
        parseError: { line: 4, column: 5, message: 'a comma is missing just before this spot' },
        status: 'problem',
      },
    ]);
  });

  it.each([
    [
      'TrailingComma',
      'Claude Desktop cannot read this file: a comma before a closing } or ], which Claude Desktop does not accept at line 2, column 1.',
    ],
    [
      'Comment',
      'Claude Desktop cannot read this file: a comment, which Claude Desktop does not accept at line 2, column 1.',
    ],
    [
      'TAB_AS_INDENT',
      'Claude Desktop cannot read this file: a tab used for indentation at line 2, column 1.',
    ],
    [
      'SOMETHING_NEW',
      'Claude Desktop cannot read this file: a syntax error (SOMETHING_NEW) at line 2, column 1.',
    ],
  ])('explains %s', (code, problem) => {
    expect(
      problems(
        audit({ client: 'Claude Desktop', file: 'f', parseError: { code, line: 2, column: 1 } }),
      ),
    ).toEqual([problem]);
  });

  it('says a file could not be opened, without a position', () => {
    expect(
      problems(audit({ client: 'Cline', file: 'f', parseError: { code: 'Unreadable' } })),
    ).toEqual(['Cline cannot read this file: the file could not be opened.']);
  });

  it('still audits the entries of a file that only plain JSON rejects', () => {
    const report = audit({
      client: 'Claude Desktop',
      file: 'f',
      parseError: { code: 'TrailingComma', line: 9, column: 3 },
      content: {
        mcpServers: {
          crosstrade: {
            command: 'npx',
            args: ['mcp-remote', 'http://app.crosstrade.io/v1/api/mcp'],
          },
        },
      },
    });
    expect(report.findings).toHaveLength(2);
  });
});
