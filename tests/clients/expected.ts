// The exact findings each fixture home must give, in order: per file (parse error first, then each
// entry's address, transport and secret), then each client's duplicate entries.
import type { ClientFinding } from '../../shared/health';
import type { FixtureHome, LayoutHome } from './helpers';

const OFFICIAL = 'https://app.crosstrade.io/v1/api/mcp';
const REVOKE =
  "revoke it on CrossTrade's AI Clients page (https://app.crosstrade.io/user/my-account?tab=ai-clients)";
const PLAIN_TEXT = 'That is a secret in plain text: anyone who can read this file can use it.';
const SSE = "CrossTrade's MCP server needs Streamable HTTP.";

const secretFix = (client: string): string =>
  `Delete it from the file, then ${REVOKE}; ${client} signs in through your browser (OAuth) without it.`;

export const EXPECTED_FINDINGS: Record<FixtureHome, ClientFinding[]> = {
  windows: [
    {
      client: 'Claude Desktop',
      file: '%APPDATA%\\Claude\\claude_desktop_config.json',
      entry: 'crosstrade',
      problem: `An access token (Bearer) is pasted in env.AUTH_HEADER (sent as --header Authorization). ${PLAIN_TEXT}`,
      fix: secretFix('Claude Desktop'),
    },
    {
      client: 'Claude Code',
      file: '%USERPROFILE%\\.claude.json',
      entry: 'crosstrade-beta',
      problem: `It uses the old SSE transport (type "sse"); ${SSE}`,
      fix: `Change type from "sse" to "http", keep the address ${OFFICIAL}, and restart Claude Code.`,
    },
    {
      client: 'Cursor',
      file: '%USERPROFILE%\\.cursor\\mcp.json',
      entry: 'crosstrade',
      problem:
        "The address https://mcp.crosstrade.io/sse is not CrossTrade's MCP address: mcp.crosstrade.io is the legacy address from old documentation; the server is app.crosstrade.io; the path is /sse instead of /v1/api/mcp.",
      fix: `Change the address to exactly ${OFFICIAL}, then restart Cursor.`,
    },
    {
      client: 'Cursor',
      file: '%USERPROFILE%\\.cursor\\mcp.json',
      entry: 'crosstrade',
      problem: `It uses the old SSE transport (the address ends in /sse); ${SSE}`,
      fix: `Use ${OFFICIAL} instead of an /sse address; Cursor then connects with Streamable HTTP.`,
    },
    {
      client: 'Windsurf',
      file: '%USERPROFILE%\\.codeium\\windsurf\\mcp_config.json',
      problem:
        'Windsurf cannot read this file: a single backslash (\\) inside a text value at line 7, column 21.',
      fix: 'Open the file at line 7, column 21, double every backslash in Windows paths (C:\\\\Program Files) or use forward slashes, and save it; until then Windsurf ignores every MCP server in this file.',
    },
    {
      client: 'Claude Code',
      file: '%USERPROFILE%\\.claude.json',
      entry: 'crosstrade, crosstrade-beta',
      problem:
        'Claude Code has 2 CrossTrade entries ("crosstrade", "crosstrade-beta"): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
      fix: `Keep one entry, with the address ${OFFICIAL}, delete the others, and restart Claude Code.`,
    },
  ],
  macos: [
    {
      client: 'Cursor',
      file: '~/.cursor/mcp.json',
      entry: 'crosstrade',
      problem: `An access token (Bearer) is pasted in headers.Authorization. ${PLAIN_TEXT}`,
      fix: secretFix('Cursor'),
    },
    {
      client: 'VS Code',
      file: '~/Library/Application Support/Code/User/settings.json',
      entry: 'crosstrade',
      problem: `It uses the old SSE transport (type "sse"); ${SSE}`,
      fix: `Change type from "sse" to "http", keep the address ${OFFICIAL}, and restart VS Code.`,
    },
    {
      // The project's .mcp.json, found through the folder ~/.claude.json lists.
      client: 'Claude Code',
      file: '~/Projects/trading-agent/.mcp.json',
      entry: 'crosstrade',
      problem: `A token is pasted in headers.X-CrossTrade-Key. ${PLAIN_TEXT}`,
      fix: secretFix('Claude Code'),
    },
    {
      client: 'VS Code',
      file: '~/Projects/trading-agent/.vscode/mcp.json',
      entry: 'crosstrade',
      problem:
        "The address http://app.crosstrade.io/v1/api/mcp is not CrossTrade's MCP address: it starts with http:// instead of https://.",
      fix: `Change the address to exactly ${OFFICIAL}, then restart VS Code.`,
    },
    {
      // VS Code runs a user entry and a workspace entry of the same name side by side.
      client: 'VS Code',
      file: '~/Library/Application Support/Code/User/settings.json, ~/Projects/trading-agent/.vscode/mcp.json',
      entry: 'crosstrade',
      problem:
        'VS Code has 2 CrossTrade entries in the project /Users/trader/Projects/trading-agent ("crosstrade" in ~/Library/Application Support/Code/User/settings.json, "crosstrade" in ~/Projects/trading-agent/.vscode/mcp.json): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
      fix: `Keep one entry, with the address ${OFFICIAL}, delete the others, and restart VS Code.`,
    },
  ],
  linux: [
    {
      client: 'Claude Desktop',
      file: '~/.config/Claude/claude_desktop_config.json',
      entry: 'crosstrade',
      problem: `It uses the old SSE transport (--transport sse-only); ${SSE}`,
      fix: 'Remove --transport sse-only from the mcp-remote arguments, then restart Claude Desktop.',
    },
    {
      client: 'Claude Code',
      file: '~/.claude.json',
      entry: 'crosstrade-local in project /home/trader/code/es-bot',
      problem: `A token is pasted in env.CROSSTRADE_TOKEN. ${PLAIN_TEXT}`,
      fix: secretFix('Claude Code'),
    },
    {
      client: 'Windsurf',
      file: '~/.codeium/windsurf/mcp_config.json',
      entry: 'crosstrade',
      problem:
        "The address https://app.crosstrade.io/api/mcp is not CrossTrade's MCP address: the path is /api/mcp instead of /v1/api/mcp.",
      fix: `Change the address to exactly ${OFFICIAL}, then restart Windsurf.`,
    },
    {
      client: 'Continue',
      file: '~/.continue/config.json',
      entry: 'server #1',
      problem: `An access token (Bearer) is pasted in args (--header Authorization). ${PLAIN_TEXT}`,
      fix: secretFix('Continue'),
    },
    {
      client: 'Claude Code',
      file: '~/.claude.json',
      entry: 'crosstrade, crosstrade-local',
      problem:
        'Claude Code has 2 CrossTrade entries in the project /home/trader/code/es-bot ("crosstrade", "crosstrade-local"): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
      fix: `Keep one entry, with the address ${OFFICIAL}, delete the others, and restart Claude Code.`,
    },
  ],
};

/** Each detected file, its CrossTrade entries and their status: what the window lists. */
export const EXPECTED_CLIENTS: Record<
  FixtureHome,
  Array<{ client: string; file: string; status: string; entries: Array<[string, string]> }>
> = {
  windows: [
    {
      client: 'Claude Desktop',
      file: '%APPDATA%\\Claude\\claude_desktop_config.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'Claude Code',
      file: '%USERPROFILE%\\.claude.json',
      status: 'problem',
      entries: [
        ['crosstrade', 'problem'],
        ['crosstrade-beta', 'problem'],
      ],
    },
    {
      client: 'Cursor',
      file: '%USERPROFILE%\\.cursor\\mcp.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'Windsurf',
      file: '%USERPROFILE%\\.codeium\\windsurf\\mcp_config.json',
      status: 'problem',
      entries: [],
    },
    {
      client: 'Cline',
      file: '%APPDATA%\\Code\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json',
      status: 'ok',
      entries: [['crosstrade', 'ok']],
    },
    {
      client: 'VS Code',
      file: '%APPDATA%\\Code\\User\\settings.json',
      status: 'none',
      entries: [],
    },
  ],
  macos: [
    {
      client: 'Claude Desktop',
      file: '~/Library/Application Support/Claude/claude_desktop_config.json',
      status: 'ok',
      entries: [['crosstrade', 'ok']],
    },
    {
      client: 'Claude Code',
      file: '~/.claude.json',
      status: 'none',
      entries: [],
    },
    {
      client: 'Cursor',
      file: '~/.cursor/mcp.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'VS Code',
      file: '~/Library/Application Support/Code/User/settings.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'Continue',
      file: '~/.continue/config.yaml',
      status: 'ok',
      entries: [['CrossTrade', 'ok']],
    },
    {
      client: 'Claude Code',
      file: '~/Projects/trading-agent/.mcp.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'VS Code',
      file: '~/Projects/trading-agent/.vscode/mcp.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
  ],
  linux: [
    {
      client: 'Claude Desktop',
      file: '~/.config/Claude/claude_desktop_config.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'Claude Code',
      file: '~/.claude.json',
      status: 'problem',
      entries: [
        ['crosstrade', 'problem'],
        ['crosstrade-local', 'problem'],
      ],
    },
    {
      client: 'Windsurf',
      file: '~/.codeium/windsurf/mcp_config.json',
      status: 'problem',
      entries: [['crosstrade', 'problem']],
    },
    {
      client: 'Cline',
      file: '~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
      status: 'ok',
      entries: [['CrossTrade', 'ok']],
    },
    {
      client: 'VS Code',
      file: '~/.config/Code/User/mcp.json',
      status: 'ok',
      entries: [['crosstrade', 'ok']],
    },
    {
      client: 'Continue',
      file: '~/.continue/config.json',
      status: 'problem',
      entries: [['server #1', 'problem']],
    },
  ],
};

const MSIX_FILE =
  '%LOCALAPPDATA%\\Packages\\Claude_*\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json';
const CLINE_IN_CURSOR =
  '%APPDATA%\\Cursor\\User\\globalStorage\\saoudrizwan.claude-dev\\settings\\cline_mcp_settings.json';
const SSE_TYPE = `It uses the old SSE transport (type "sse"); ${SSE}`;

/** The exact findings of each install-layout home. */
export const EXPECTED_LAYOUT_FINDINGS: Record<LayoutHome, ClientFinding[]> = {
  'windows-msix': [
    {
      client: 'Claude Desktop',
      file: MSIX_FILE,
      entry: 'crosstrade',
      problem:
        "The address https://mcp.crosstrade.io/v1/api/mcp is not CrossTrade's MCP address: mcp.crosstrade.io is the legacy address from old documentation; the server is app.crosstrade.io.",
      fix: `Change the address given to mcp-remote to exactly ${OFFICIAL}, then restart Claude Desktop.`,
    },
  ],
  // Only that the old copy is stale: its legacy address does nothing, so it is not a finding.
  'windows-msix-stale': [
    {
      client: 'Claude Desktop',
      file: '%APPDATA%\\Claude\\claude_desktop_config.json',
      entry: 'crosstrade',
      problem: `Claude Desktop no longer reads this file: it reads ${MSIX_FILE}. The CrossTrade entry here is a stale copy that does nothing.`,
      fix: `Make your changes in ${MSIX_FILE}, then delete or rename this old file so it misleads no one.`,
    },
  ],
  'vscode-insiders': [
    {
      client: 'VS Code Insiders',
      file: '~/.config/Code - Insiders/User/mcp.json',
      entry: 'crosstrade',
      problem: SSE_TYPE,
      fix: `Delete the type "sse" setting, keep the address ${OFFICIAL}, and restart VS Code Insiders.`,
    },
  ],
  // The default profile's entry and the other profile's are not duplicates: a profile's own.
  'vscode-profile': [
    {
      client: 'VS Code (profile -5a3b9c1d)',
      file: '~/Library/Application Support/Code/User/profiles/-5a3b9c1d/mcp.json',
      entry: 'crosstrade',
      problem: `An access token (Bearer) is pasted in headers.Authorization. ${PLAIN_TEXT}`,
      fix: secretFix('VS Code (profile -5a3b9c1d)'),
    },
  ],
  'cline-cursor': [
    {
      client: 'Cline in Cursor',
      file: CLINE_IN_CURSOR,
      entry: 'crosstrade',
      problem: SSE_TYPE,
      fix: `Delete the type "sse" setting, keep the address ${OFFICIAL}, and restart Cline in Cursor.`,
    },
  ],
  'continue-mcpservers': [
    {
      client: 'Continue',
      file: '~/.continue/mcpServers/crosstrade.yaml',
      entry: 'CrossTrade',
      problem: SSE_TYPE,
      fix: `Change type from "sse" to "streamable-http", keep the address ${OFFICIAL}, and restart Continue.`,
    },
    {
      client: 'Continue',
      file: '~/.continue/mcpServers/crosstrade.yaml, ~/.continue/mcpServers/crosstrade-copy.json',
      entry: 'CrossTrade, crosstrade',
      problem:
        'Continue has 2 CrossTrade entries ("CrossTrade", "crosstrade"): the agent gets every CrossTrade tool more than once and can use the wrong connection.',
      fix: `Keep one entry, with the address ${OFFICIAL}, delete the others, and restart Continue.`,
    },
  ],
};
