// The Settings tab: URL validation as you type, interval, per-kind notifications, launch at login,
// the NT8 local check, save through setSettings (showing main's error), quiet time, sign out.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BRIDGE_DOWN } from '../../renderer/format';
import type { IpcResult } from '../../shared/ipc';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { appState, signedOutState } from './fixtures';
import { createFakeBridge, deferred } from './fakeBridge';
import { renderWindow } from './render';

async function openSettings(state: Parameters<typeof renderWindow>[0]) {
  const view = await renderWindow(state);
  fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
  return view;
}

const urlField = () => screen.getByLabelText('MCP server URL') as HTMLInputElement;
const intervalField = () => screen.getByLabelText('Check every (seconds)') as HTMLInputElement;
const save = () => screen.getByRole('button', { name: 'Save settings' });
const describedText = (input: HTMLElement) =>
  document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '';

describe('the settings form', () => {
  it('starts from the current settings', async () => {
    await openSettings(appState());
    expect(urlField().value).toBe('https://app.crosstrade.io/v1/api/mcp');
    expect(intervalField().value).toBe('30');
    for (const name of [
      'The add-on or NinjaTrader 8 disconnects',
      'Everything works again',
      'The sign-in stops working',
      'The add-on needs an update',
      'Check whether NinjaTrader 8 is running here',
    ]) {
      expect((screen.getByRole('checkbox', { name }) as HTMLInputElement).checked).toBe(true);
    }
    expect(
      (
        screen.getByRole('checkbox', {
          name: 'Start the monitor when I log in',
        }) as HTMLInputElement
      ).checked,
    ).toBe(false);
    expect(save().getAttribute('aria-disabled')).toBe('true');
  });

  it.each([
    ['http://app.crosstrade.io/v1/api/mcp', 'error', /must start with https:\/\//],
    ['not a url', 'error', /is not a URL/],
    ['https://mcp.crosstrade.io/sse', 'warning', /legacy address/],
    ['https://example.com/v1/api/mcp', 'warning', /not CrossTrade's documented address/],
    ['http://127.0.0.1:4123/v1/api/mcp', 'fine', /documented address is/],
    ['https://app.crosstrade.io/v1/api/mcp', 'fine', /documented address is/],
  ] as const)('checks %s as you type (%s)', async (value, verdict, message) => {
    await openSettings(appState());
    fireEvent.change(urlField(), { target: { value } });
    expect(describedText(urlField())).toMatch(message);
    expect(urlField().getAttribute('aria-invalid')).toBe(verdict === 'error' ? 'true' : null);
  });

  it('does not send an invalid URL: it shows why and focuses the field', async () => {
    const { bridge } = await openSettings(appState());
    fireEvent.change(urlField(), { target: { value: 'http://crosstrade.example/v1/api/mcp' } });
    fireEvent.click(save());
    expect(bridge.setSettings).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(urlField());
  });

  it('rejects an interval outside 10 to 600 seconds', async () => {
    const { bridge } = await openSettings(appState());
    fireEvent.change(intervalField(), { target: { value: '5' } });
    expect(describedText(intervalField())).toMatch(/from 10 to 600/);
    fireEvent.click(save());
    expect(bridge.setSettings).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(intervalField());
  });

  it('saves only what changed through setSettings and says so', async () => {
    const { bridge } = await openSettings(appState());
    fireEvent.change(urlField(), { target: { value: 'http://127.0.0.1:4123/v1/api/mcp' } });
    fireEvent.change(intervalField(), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Everything works again' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Start the monitor when I log in' }));
    fireEvent.click(
      screen.getByRole('checkbox', { name: 'Check whether NinjaTrader 8 is running here' }),
    );
    fireEvent.click(save());
    await screen.findByText('Settings saved.');
    expect(bridge.setSettings).toHaveBeenCalledExactlyOnceWith({
      mcpUrl: 'http://127.0.0.1:4123/v1/api/mcp',
      intervalSec: 60,
      notifications: { recovery: false },
      launchAtLogin: true,
      nt8LocalCheck: false,
    });
    expect(urlField().value).toBe('http://127.0.0.1:4123/v1/api/mcp');
    expect(save().getAttribute('aria-disabled')).toBe('true');
  });

  it('turns update checks off', async () => {
    const { bridge } = await openSettings(appState());
    const toggle = screen.getByRole('checkbox', { name: /^Check for updates/ });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    fireEvent.click(toggle);
    fireEvent.click(save());
    await screen.findByText('Settings saved.');
    expect(bridge.setSettings).toHaveBeenCalledExactlyOnceWith({ checkForUpdates: false });
  });

  it('shows the error main returns and keeps the edits', async () => {
    const bridge = createFakeBridge(appState());
    bridge.setSettings.mockResolvedValue({
      ok: false,
      error: 'intervalSec: Too big: expected number to be <=600',
    });
    await openSettings(bridge);
    fireEvent.change(intervalField(), { target: { value: '45' } });
    fireEvent.click(save());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not save settings: intervalSec: Too big');
    expect(intervalField().value).toBe('45');
  });

  it("shows main's reason when it refuses the settings, not the connection sentence", async () => {
    // What main answers when the patch fails its schema: the reason, in the envelope.
    const bridge = createFakeBridge(appState());
    bridge.setSettings.mockResolvedValue({
      ok: false,
      error: 'The MCP URL must be an https:// URL (http:// only on this computer).',
    });
    await openSettings(bridge);
    fireEvent.change(intervalField(), { target: { value: '45' } });
    fireEvent.click(save());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Could not save settings: the MCP URL must be an https:// URL (http:// only on this computer).',
    );
    expect(alert.textContent).not.toContain(BRIDGE_DOWN);
    expect(alert.textContent).not.toContain("can't reach the monitor");
  });

  it('shows the connection sentence only when the invoke itself fails', async () => {
    const bridge = createFakeBridge(appState());
    bridge.setSettings.mockRejectedValue(new TypeError('Cannot read properties of undefined'));
    await openSettings(bridge);
    fireEvent.change(intervalField(), { target: { value: '45' } });
    fireEvent.click(save());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("can't reach the monitor");
    expect(alert.textContent).not.toContain('TypeError');
  });

  it('is busy while saving and ignores a second click', async () => {
    const bridge = createFakeBridge(appState());
    const pending = deferred<IpcResult<typeof DEFAULT_SETTINGS>>();
    bridge.setSettings.mockReturnValue(pending.promise);
    await openSettings(bridge);
    fireEvent.change(intervalField(), { target: { value: '45' } });
    fireEvent.click(save());
    const busy = screen.getByRole('button', { name: 'Saving…' });
    fireEvent.click(busy);
    expect(bridge.setSettings).toHaveBeenCalledTimes(1);
    await act(async () =>
      pending.resolve({ ok: true, value: { ...DEFAULT_SETTINGS, intervalSec: 45 } }),
    );
    await screen.findByText('Settings saved.');
  });

  it('offers the documented address and can discard changes', async () => {
    await openSettings(appState());
    fireEvent.change(urlField(), { target: { value: 'https://mcp.crosstrade.io/sse' } });
    fireEvent.click(screen.getByRole('button', { name: 'Use the documented address' }));
    expect(urlField().value).toBe('https://app.crosstrade.io/v1/api/mcp');
    fireEvent.change(intervalField(), { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(intervalField().value).toBe('30');
  });

  it('follows settings changed elsewhere while nothing is being edited', async () => {
    const { bridge } = await openSettings(appState());
    bridge.push(
      appState({
        settings: {
          ...DEFAULT_SETTINGS,
          intervalSec: 120,
          notifications: { ...DEFAULT_SETTINGS.notifications },
        },
      }),
    );
    expect(intervalField().value).toBe('120');
  });
});

describe('quiet time', () => {
  it('pauses notifications for an hour or until tomorrow', async () => {
    const { bridge } = await openSettings(appState());
    const quiet = screen.getByRole('region', { name: 'Quiet time' });
    fireEvent.click(within(quiet).getByRole('button', { name: 'Pause for 1 hour' }));
    await waitFor(() =>
      expect(bridge.pauseNotifications).toHaveBeenCalledExactlyOnceWith({ minutes: 60 }),
    );
    fireEvent.click(within(quiet).getByRole('button', { name: 'Pause until tomorrow' }));
    await waitFor(() =>
      expect(bridge.pauseNotifications).toHaveBeenLastCalledWith({ until: 'tomorrow' }),
    );
  });

  it('shows until when notifications are paused and resumes them', async () => {
    const until = new Date(Date.now() + 45 * 60_000).toISOString();
    const { bridge } = await openSettings(appState({ notificationsPausedUntil: until }));
    const quiet = screen.getByRole('region', { name: 'Quiet time' });
    expect(quiet.textContent).toMatch(/Notifications paused until/);
    fireEvent.click(within(quiet).getByRole('button', { name: 'Resume notifications' }));
    await waitFor(() => expect(bridge.resumeNotifications).toHaveBeenCalledTimes(1));
  });
});

describe('the account', () => {
  it('signs out', async () => {
    const { bridge } = await openSettings(appState());
    const account = screen.getByRole('region', { name: 'Account' });
    expect(account.textContent).toContain('Signed in with read-only access (mcp:read).');
    fireEvent.click(within(account).getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(bridge.signOut).toHaveBeenCalledTimes(1));
    expect((await screen.findByTestId('notice')).textContent).toContain('Signed out.');
  });

  it('offers to sign in when signed out', async () => {
    const { bridge } = await openSettings(signedOutState());
    const account = screen.getByRole('region', { name: 'Account' });
    fireEvent.click(within(account).getByRole('button', { name: 'Sign in with CrossTrade' }));
    await waitFor(() => expect(bridge.signIn).toHaveBeenCalledTimes(1));
  });
});
