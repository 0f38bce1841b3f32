// "I got an error in my AI client" in the window: paste, explain with the live check, copy the
// report; and the all-clear that says what the monitor's check does and does not prove.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ClientConfigStatus } from '../../shared/client-audit';
import { appState, problemState } from './fixtures';
import { renderWindow } from './render';

const PASTED_401 =
  'Error executing tool ListPositions: Streamable HTTP error: Error POSTing to endpoint (HTTP 401): {"error":"invalid_token"}\nAuthorization: Bearer ct_at_CANARYa1b2c3d4e5f6g7h8';

const CLAUDE: ClientConfigStatus = {
  client: 'Claude Desktop',
  file: 'claude_desktop_config.json',
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

async function explain(text: string) {
  fireEvent.click(screen.getByRole('button', { name: 'I got an error in my AI client' }));
  fireEvent.change(screen.getByLabelText('The error'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Explain' }));
  return screen.findByTestId('explain-result');
}

describe('honest all-clear', () => {
  it('says what the read-only check proves and where to go when an agent still fails', async () => {
    await renderWindow(appState());
    const card = screen.getByRole('region', { name: 'All checks passed' });
    expect(card.textContent).toContain(
      'The monitor’s read-only check works: CrossTrade, your subscription and the add-on answer.',
    );
    expect(card.textContent).not.toContain('can reach NinjaTrader');
    expect(within(card).getByTestId('all-clear-hint').textContent).toMatch(
      /If an agent still fails.*I got an error in my AI client/,
    );
  });
});

describe('I got an error in my AI client', () => {
  it('a pasted 401 while the monitor is healthy: the client’s own token, revoke and reconnect', async () => {
    const { bridge } = await renderWindow(appState());
    const result = await explain(PASTED_401);
    expect(within(result).getByRole('heading', { level: 3 }).textContent).toBe(
      'CrossTrade rejected your AI client’s token',
    );
    expect(result.textContent).toContain('high confidence');
    expect(within(result).getByTestId('live-verdict').textContent).toMatch(/passes right now/);
    const steps = within(result).getByRole('list', { name: 'What to do' });
    const first = within(steps).getAllByRole('listitem')[0];
    expect(first?.textContent).toMatch(/so the 401 is your client’s own token: revoke that client/);
    fireEvent.click(
      within(first as HTMLElement).getByRole('button', { name: 'Open AI Clients page' }),
    );
    await waitFor(() => expect(bridge.openExternal).toHaveBeenCalledWith('ai_clients'));
    // The answer never quotes the paste, secret or not.
    expect(result.textContent).not.toContain('CANARY');
  });

  it('the add-on is down for the monitor too: fix that first', async () => {
    await renderWindow(problemState(['addon_disconnected']));
    const result = await explain('HTTP 408 addon_disconnected');
    expect(result.textContent).toMatch(
      /add-on is disconnected for the monitor too: fix that first/,
    );
    expect(within(result).getByTestId('live-verdict').textContent).toMatch(/sees a problem too/);
  });

  it('says honestly when the text is not a known CrossTrade error', async () => {
    await renderWindow(appState());
    const result = await explain('my cat sat on the keyboard');
    expect(result.textContent).toContain('This is not one of the known CrossTrade errors');
    expect(result.textContent).toContain('Remove the CrossTrade server from the AI client');
  });

  it('copies a report with the client picked from the audit, the time in UTC, the tool and the error', async () => {
    const { bridge } = await renderWindow(appState({ aiClients: [CLAUDE] }));
    await explain(PASTED_401);
    fireEvent.change(screen.getByLabelText('AI client'), { target: { value: 'Claude Desktop' } });
    fireEvent.change(screen.getByLabelText('Client version'), { target: { value: '0.14.3' } });
    fireEvent.change(screen.getByLabelText('When it failed'), {
      target: { value: '2026-12-03T11:41' },
    });
    const utc = new Date(2026, 11, 3, 11, 41).toISOString();
    expect(screen.getByTestId('failed-at-utc').textContent).toBe(
      `${utc.slice(0, 10)} ${utc.slice(11, 16)} UTC`,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await waitFor(() =>
      expect(bridge.copyDiagnostics).toHaveBeenCalledExactlyOnceWith({
        client: 'Claude Desktop',
        clientVersion: '0.14.3',
        failedAt: utc,
        tool: 'ListPositions',
        error: PASTED_401,
        matched: ['token_invalid'],
      }),
    );
    expect((await screen.findByTestId('notice')).textContent).toMatch(/Report copied/);
  });

  it('takes a typed client name when the audit found none', async () => {
    const { bridge } = await renderWindow(appState());
    await explain('HTTP 429 Too Many Requests');
    fireEvent.change(screen.getByLabelText('AI client'), { target: { value: 'Zed 0.170' } });
    fireEvent.click(screen.getByRole('button', { name: 'Copy report' }));
    await waitFor(() =>
      expect(bridge.copyDiagnostics).toHaveBeenCalledWith(
        expect.objectContaining({ client: 'Zed 0.170', matched: ['rate_limited'] }),
      ),
    );
  });
});
