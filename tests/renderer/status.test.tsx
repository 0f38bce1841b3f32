// The Status tab's other faces: all clear, first run / signed out, waiting, and the AI clients.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  appState,
  healthySnapshot,
  historyFixture,
  problemState,
  signedOutState,
} from './fixtures';
import type { ClientConfigStatus } from '../../shared/client-audit';
import { createFakeBridge } from './fakeBridge';
import { renderWindow } from './render';

/** A Claude Desktop config with one correct CrossTrade entry. */
const CLAUDE_DESKTOP_OK: ClientConfigStatus = {
  client: 'Claude Desktop',
  file: '~/Library/Application Support/Claude/claude_desktop_config.json',
  status: 'ok',
  entries: [
    {
      name: 'crosstrade',
      url: 'https://app.crosstrade.io/v1/api/mcp',
      transport: 'streamable-http',
      status: 'ok',
    },
  ],
};

describe('all clear', () => {
  it('sums up calmly: add-on version, NinjaTrader version and uptime today', async () => {
    // 02:00 local: the fixture's outage (3 h ago) fell yesterday.
    const twoAm = new Date(2026, 10, 25, 2, 0, 0).getTime();
    vi.useFakeTimers({ now: twoAm, toFake: ['Date'] });
    try {
      await renderWindow(appState({ history: historyFixture(twoAm) }));
      const card = screen.getByRole('region', { name: 'All checks passed' });
      const facts = [...card.querySelectorAll('dl > div')].map((row) => row.textContent);
      expect(facts).toEqual(['Add-onv1.13.0', 'NinjaTrader8.1.6.3', 'Uptime today100 %']);
    } finally {
      vi.useRealTimers();
    }
  });

  it("counts today's outage in today's uptime", async () => {
    // 20:00 local: the fixture's outage (3 h ago, 14 min) falls today.
    const eightPm = new Date(2026, 10, 25, 20, 0, 0).getTime();
    vi.useFakeTimers({ now: eightPm, toFake: ['Date'] });
    try {
      await renderWindow(appState({ history: historyFixture(eightPm) }));
      const card = screen.getByRole('region', { name: 'All checks passed' });
      expect(card.textContent).toContain('Uptime today98.8 %');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows dashes for what the server did not report yet', async () => {
    const snapshot = healthySnapshot();
    delete snapshot.capabilities;
    await renderWindow(
      appState({ snapshot, history: { points: [], incidents: [], uptime24h: null } }),
    );
    const card = screen.getByRole('region', { name: 'All checks passed' });
    expect([...card.querySelectorAll('dd')].map((dd) => dd.textContent)).toEqual(['—', '—', '—']);
  });
});

describe('first run and signed out', () => {
  it('explains what the app does, the read-only scope it asks for and why, and signs in', async () => {
    const { bridge } = await renderWindow(signedOutState());
    const welcome = screen.getByRole('region', { name: 'Not signed in to CrossTrade' });
    expect(welcome.textContent).toContain('watches the chain your AI tools trade through');
    expect(within(welcome).getByRole('heading', { name: 'What it asks for' })).toBeTruthy();
    expect(welcome.textContent).toContain('Read-only access (mcp:read)');
    expect(welcome.textContent).toContain('can never place, change or cancel an order');
    expect(welcome.textContent).not.toContain('mcp:trade');
    const signIn = within(welcome).getByRole('button', { name: 'Sign in with CrossTrade' });
    expect(signIn.className).toContain('primary');
    expect(bridge.signIn).not.toHaveBeenCalled();
  });

  it("the welcome's Sign in button calls the bridge's signIn, once, and nothing else", async () => {
    const { bridge } = await renderWindow(signedOutState());
    const welcome = screen.getByRole('region', { name: 'Not signed in to CrossTrade' });
    fireEvent.click(within(welcome).getByRole('button', { name: 'Sign in with CrossTrade' }));
    await waitFor(() => expect(bridge.signIn).toHaveBeenCalledTimes(1));
    expect(bridge.signIn).toHaveBeenCalledWith();
    expect(bridge.checkNow).not.toHaveBeenCalled();
    expect(bridge.openExternal).not.toHaveBeenCalled();
    expect(bridge.signOut).not.toHaveBeenCalled();
  });

  it('while the browser is open, says to finish there and keeps the button busy', async () => {
    await renderWindow({ ...signedOutState(), signIn: { state: 'waiting' } });
    expect(screen.getByTestId('sign-in-waiting').textContent).toContain(
      'Finish signing in in your browser',
    );
    const button = screen.getByRole('button', { name: 'Waiting for the browser…' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
  });

  it('says when sign-in failed and why', async () => {
    await renderWindow({
      ...signedOutState(),
      signIn: { state: 'failed', message: 'The consent page was closed before it finished.' },
    });
    expect(screen.getByTestId('sign-in-failed').textContent).toBe(
      'Sign-in did not finish. The consent page was closed before it finished.',
    );
  });
});

describe('waiting', () => {
  it('says the first check is on its way', async () => {
    await renderWindow(
      appState({ snapshot: { ...healthySnapshot(), level: 'unknown', status: 'pending' } }),
    );
    expect(screen.getByRole('region', { name: 'Waiting for the first check' })).toBeTruthy();
  });

  it('says checks are paused while the computer sleeps', async () => {
    await renderWindow(
      appState({ snapshot: { ...healthySnapshot(), level: 'unknown', status: 'paused' } }),
    );
    expect(screen.getByRole('region', { name: 'Checks are paused' }).textContent).toContain(
      'sleeps',
    );
  });
});

describe('your AI clients', () => {
  it('lists each finding with the client, entry, problem, fix and file', async () => {
    await renderWindow(problemState(['client_misconfigured']));
    const section = screen.getByRole('region', { name: 'Your AI clients' });
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    const text = items[0]?.textContent ?? '';
    expect(text).toContain('Claude Desktop');
    expect(text).toContain('crosstrade');
    expect(text).toContain('legacy mcp.crosstrade.io address');
    expect(text).toContain('Fix: Set the URL to https://app.crosstrade.io/v1/api/mcp');
    expect(text).toContain('claude_desktop_config.json');
  });

  it('shows each detected client with the state of its CrossTrade entry', async () => {
    await renderWindow(
      appState({
        aiClients: [
          CLAUDE_DESKTOP_OK,
          {
            client: 'Cursor',
            file: '~/.cursor/mcp.json',
            status: 'problem',
            entries: [
              {
                name: 'CrossTrade',
                url: 'https://mcp.crosstrade.io/sse',
                transport: 'sse',
                status: 'problem',
              },
            ],
          },
          {
            client: 'Windsurf',
            file: '~/.codeium/windsurf/mcp_config.json',
            status: 'none',
            entries: [],
          },
        ],
      }),
    );
    const clients = screen.getAllByTestId('ai-client').map((li) => li.textContent);
    expect(clients).toEqual([
      'Claude Desktop crosstrade: set up right',
      'Cursor CrossTrade: needs a fix',
    ]);
  });

  it('shows no section when no client was audited', async () => {
    const state = appState();
    expect(state.aiClients).toBeUndefined();
    expect(state.snapshot.clientFindings).toBeUndefined();
    await renderWindow(state);
    expect(screen.queryByRole('region', { name: 'Your AI clients' })).toBeNull();
  });

  it('says where it looked, and what it cannot see, when no client has a CrossTrade entry', async () => {
    const searched = [
      '~/.config/Claude/claude_desktop_config.json',
      '~/.claude.json',
      '~/.continue/mcpServers/*.yaml',
    ];
    await renderWindow(
      appState({
        aiClients: [
          {
            client: 'Windsurf',
            file: '~/.codeium/windsurf/mcp_config.json',
            status: 'none',
            entries: [],
          },
        ],
        aiClientsSearched: searched,
      }),
    );
    const section = screen.getByRole('region', { name: 'Your AI clients' });
    const none = within(section).getByTestId('ai-clients-none-found');
    expect(none.textContent).toContain('No CrossTrade entry found');
    expect(none.textContent).toContain('Looked in 3 places');
    expect(
      within(none)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(searched);
    expect(none.textContent).toMatch(/Claude's or ChatGPT's web settings .* cannot be audited/);
    expect(within(section).queryAllByTestId('ai-client')).toEqual([]);
  });

  it('shows no section before the first audit', async () => {
    await renderWindow(
      appState({
        aiClients: [
          {
            client: 'Windsurf',
            file: '~/.codeium/windsurf/mcp_config.json',
            status: 'none',
            entries: [],
          },
        ],
      }),
    );
    expect(screen.queryByRole('region', { name: 'Your AI clients' })).toBeNull();
  });

  it('lists every client as set up right when all are fine, with no finding or fix', async () => {
    await renderWindow(
      appState({
        aiClients: [
          CLAUDE_DESKTOP_OK,
          {
            client: 'Cursor',
            file: '~/.cursor/mcp.json',
            status: 'ok',
            entries: [
              {
                name: 'CrossTrade',
                url: 'https://app.crosstrade.io/v1/api/mcp',
                transport: 'streamable-http',
                status: 'ok',
              },
            ],
          },
        ],
      }),
    );
    const section = screen.getByRole('region', { name: 'Your AI clients' });
    const clients = within(section).getAllByTestId('ai-client');
    expect(clients.map((li) => li.textContent)).toEqual([
      'Claude Desktop crosstrade: set up right',
      'Cursor CrossTrade: set up right',
    ]);
    for (const client of clients) {
      expect([...client.querySelectorAll('.chip')].map((chip) => chip.className)).toEqual([
        'chip level-ok',
      ]);
    }
    expect(section.querySelector('.findings')).toBeNull();
    expect(section.textContent).not.toContain('Fix:');
  });

  it('says when a client config file does not parse, instead of listing its entries', async () => {
    await renderWindow(
      appState({
        aiClients: [
          {
            client: 'VS Code',
            file: '~/Library/Application Support/Code/User/mcp.json',
            status: 'problem',
            entries: [],
            parseError: { line: 7, column: 3, message: 'Expected comma or closing brace' },
          },
        ],
      }),
    );
    const section = screen.getByRole('region', { name: 'Your AI clients' });
    const [client] = within(section).getAllByTestId('ai-client');
    expect(client?.textContent).toBe('VS Code file does not parse');
    const chip = client?.querySelector('.chip');
    expect(chip?.textContent).toBe('file does not parse');
    expect(chip?.className).toBe('chip level-warning');
  });
});

describe('a failed sign-in', () => {
  it('is said once, in the sign-in banner, not again as a notice', async () => {
    const bridge = createFakeBridge(signedOutState());
    const message = 'The consent page was closed before it finished.';
    bridge.signIn.mockImplementation(async () => {
      bridge.push({ ...signedOutState(), signIn: { state: 'failed', message } });
      return { ok: false, error: message };
    });
    await renderWindow(bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with CrossTrade' }));
    await screen.findByTestId('sign-in-failed');
    await waitFor(() =>
      expect(
        screen
          .getByRole('button', { name: 'Sign in with CrossTrade' })
          .getAttribute('aria-disabled'),
      ).toBeNull(),
    );
    expect(bridge.signIn).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('notice')).toBeNull();
    expect(screen.getAllByText(message, { exact: false })).toHaveLength(1);
  });
});
