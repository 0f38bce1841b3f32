// The Details tab: capabilities against the minimum, broker connections, the token, the server.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { appState, problemState } from './fixtures';
import { renderWindow } from './render';

const NOW = Date.parse('2026-03-09T14:30:00.000Z');

async function openDetails(state: Parameters<typeof renderWindow>[0]) {
  const view = await renderWindow(state);
  fireEvent.click(screen.getByRole('tab', { name: 'Details' }));
  return view;
}

function rows(regionName: string): Record<string, string> {
  const region = screen.getByRole('region', { name: regionName });
  return Object.fromEntries(
    [...region.querySelectorAll('dl > div')].map((row) => [
      row.querySelector('dt')?.textContent ?? '',
      (row.querySelector('dd')?.textContent ?? '').trim(),
    ]),
  );
}

describe('the details view', () => {
  it('shows the add-on against the 1.13.0 minimum, NinjaTrader, features and the backtest engine', async () => {
    await openDetails(appState());
    const caps = rows('CrossTrade Add-On and NinjaTrader 8');
    expect(caps['Add-on version']).toBe('v1.13.0 (minimum v1.13.0)');
    expect(caps['NinjaTrader version']).toBe('8.1.6.3');
    expect(caps['Backtest engine']).toBe('nt8_strategy_analyzer (available)');
    expect(caps['NinjaTrader process']).toMatch(/Not checked here/);
    const features = within(screen.getByRole('list', { name: 'Add-on features' })).getAllByRole(
      'listitem',
    );
    expect(features.map((f) => f.textContent)).toContain('backtest');
    expect(features).toHaveLength(7);
  });

  it('marks an outdated add-on and lists its warning', async () => {
    await openDetails(problemState(['addon_outdated']));
    const caps = rows('CrossTrade Add-On and NinjaTrader 8');
    expect(caps['Add-on version']).toMatch(/^v1\.12\.4: needs an update/);
    expect(caps['Warnings']).toContain('Outdated CrossTrade Add-On');
  });

  it('says no add-on is connected when the add-on side is empty', async () => {
    await openDetails(problemState(['addon_disconnected']));
    expect(rows('CrossTrade Add-On and NinjaTrader 8')['Add-on version']).toBe(
      'Not reported (no add-on connected)',
    );
    expect(screen.getByRole('region', { name: 'Broker connections' }).textContent).toContain(
      'No connections reported yet',
    );
  });

  it('lists each broker connection with its status in words', async () => {
    await openDetails(problemState(['broker_disconnected']));
    const items = within(screen.getByRole('region', { name: 'Broker connections' })).getAllByRole(
      'listitem',
    );
    expect(items.map((item) => item.textContent)).toEqual([
      'RithmicConnectionLost',
      'KinetickConnected',
    ]);
    expect(items[0]?.className).toBe('bad');
    expect(items[1]?.className).toBe('good');
  });

  it('shows the token scope, when it expires, the last refresh, and manages grants on AI Clients', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    const { bridge } = await openDetails(appState({}, NOW));
    const token = rows('The monitor’s sign-in');
    expect(token).toMatchObject({
      State: 'Signed in',
      Scope: 'mcp:read (read-only)',
      'Access expires': 'in 52 min',
      'Last refresh': '8 min ago',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Manage on AI Clients' }));
    await waitFor(() => expect(bridge.openExternal).toHaveBeenCalledExactlyOnceWith('ai_clients'));
  });

  it('shows a rejected token and why', async () => {
    await openDetails(problemState(['token_invalid']));
    const token = rows('The monitor’s sign-in');
    expect(token['State']).toBe('Rejected by CrossTrade');
    expect(token['Access expires']).toBe('Not reported');
    expect(token['Last refresh']).toMatch(/ago \(failed\)$/);
    expect(token['Why rejected']).toBe('The refresh token was rejected (invalid_grant)');
  });

  it('shows the server URL, response time and tool count', async () => {
    await openDetails(appState());
    const server = rows('Server');
    expect(server['MCP URL']).toBe('https://app.crosstrade.io/v1/api/mcp');
    expect(server['Response time']).toBe('412 ms');
    expect(server['Tools listed']).toBe('6');
    expect(server['Self-test']).toBe('transport ok');
  });
});
