// The window's wiring: one store fed by the bridge, friendly failures, tabs with ARIA semantics.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../../renderer/App';
import { BRIDGE_DOWN } from '../../renderer/format';
import { CATALOG } from '../../shared/catalog';
import type { AppState, IpcResult } from '../../shared/ipc';
import { appState, problemState } from './fixtures';
import { createFakeBridge, deferred } from './fakeBridge';
import { renderWindow } from './render';

describe('the bridge', () => {
  it('loads the state once, follows pushes, and unsubscribes when the window closes', async () => {
    const { bridge, unmount } = await renderWindow(appState());
    expect(bridge.getState).toHaveBeenCalledTimes(1);
    expect(bridge.listenerCount()).toBe(1);
    expect(screen.getByText('All checks passed')).toBeTruthy();

    bridge.push(problemState(['addon_disconnected']));
    expect(screen.getByRole('region', { name: CATALOG.addon_disconnected.title })).toBeTruthy();

    unmount();
    expect(bridge.listenerCount()).toBe(0);
    expect(bridge.getState).toHaveBeenCalledTimes(1);
  });

  it('keeps a push that arrives before the first state over that older state', async () => {
    const bridge = createFakeBridge(appState());
    const first = deferred<IpcResult<AppState>>();
    bridge.getState.mockReturnValue(first.promise);
    render(<App bridge={bridge} />);
    expect(screen.getByRole('status').textContent).toContain('Loading');
    bridge.push(problemState(['server_error']));
    await act(async () => first.resolve({ ok: true, value: appState() }));
    expect(screen.getByRole('region', { name: CATALOG.server_error.title })).toBeTruthy();
  });

  it('says the monitor is not answering, without a stack trace, and can try again', async () => {
    const bridge = createFakeBridge(appState());
    const error = new Error(
      "Error invoking remote method 'monitor:get-state': Error: No handler registered",
    );
    error.stack = `${error.message}\n    at IpcRenderer.invoke (node:electron/js2c/renderer_init:2:7037)`;
    bridge.getState.mockRejectedValueOnce(error);
    render(<App bridge={bridge} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The monitor is not answering');
    expect(alert.textContent).toContain(BRIDGE_DOWN);
    expect(document.body.textContent).not.toMatch(/invoke|No handler|renderer_init/);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('tablist');
    expect(bridge.getState).toHaveBeenCalledTimes(2);
    expect(bridge.listenerCount()).toBe(1);
  });

  it('explains itself when there is no bridge at all', () => {
    render(<App bridge={undefined} />);
    expect(screen.getByRole('alert').textContent).toContain(BRIDGE_DOWN);
  });
});

describe('the tabs', () => {
  it('is a tablist with one selected tab controlling a labelled panel', async () => {
    await renderWindow(appState());
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent)).toEqual([
      'Status',
      'Details',
      'History',
      'Settings',
    ]);
    expect(tabs.map((tab) => tab.getAttribute('aria-selected'))).toEqual([
      'true',
      'false',
      'false',
      'false',
    ]);
    expect(tabs.map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1]);
    const panel = screen.getByRole('tabpanel');
    expect(tabs[0]?.getAttribute('aria-controls')).toBe(panel.id);
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs[0]?.id);
  });

  it('moves with the arrow keys, Home and End, focusing and showing the new tab', async () => {
    await renderWindow(appState());
    const status = screen.getByRole('tab', { name: 'Status' });
    status.focus();
    fireEvent.keyDown(status, { key: 'ArrowRight' });
    const details = screen.getByRole('tab', { name: 'Details' });
    expect(details.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(details);
    expect(screen.getByRole('tabpanel', { name: 'Details' }).textContent).toContain(
      'Broker connections',
    );

    fireEvent.keyDown(details, { key: 'End' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Settings' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Status' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(screen.getByRole('tab', { name: 'Settings' }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' });
    expect(screen.getByRole('tab', { name: 'Status' }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows on the Status tab how many problems are active, in words for screen readers', async () => {
    await renderWindow(problemState(['addon_disconnected', 'broker_disconnected']));
    expect(screen.getByRole('tab', { name: 'Status (2 problems)' })).toBeTruthy();
  });

  // Keyboard reachability (Tab order through the Settings form, a collapsed problem's summary
  // opened with Enter and Space) is proven in real Chromium: tests/browser/window-fixtures.test.ts.
});

describe('the secret storage warning', () => {
  it.each([
    ['basic_text', /without system encryption/],
    ['memory_only', /kept in memory only/],
  ] as const)('warns when sign-in secrets are stored as %s', async (secretStorage, text) => {
    await renderWindow(appState({ secretStorage }));
    expect(screen.getByTestId('secret-storage-warning').textContent).toMatch(text);
  });

  it('says nothing when the secrets are encrypted', async () => {
    await renderWindow(appState({ secretStorage: 'encrypted' }));
    expect(screen.queryByTestId('secret-storage-warning')).toBeNull();
  });

  it('repeats the warning in Settings, next to the account', async () => {
    await renderWindow(appState({ secretStorage: 'basic_text' }));
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Account' }).textContent).toMatch(
        /without system encryption/,
      ),
    );
  });
});

describe('notices from main', () => {
  it('shows that settings were reset, with what happened to the old file', async () => {
    await renderWindow(
      appState({
        notices: [
          {
            id: 'settings-reset',
            level: 'warning',
            text: 'Your settings file could not be read, so defaults are in use. The old file was kept as settings.json.corrupt-2026-11-25.',
          },
        ],
      }),
    );
    expect(screen.getByTestId('main-notice').textContent).toContain('defaults are in use');
  });

  it('shows nothing when main has no notice', async () => {
    await renderWindow(appState({ notices: [] }));
    expect(screen.queryByTestId('main-notice')).toBeNull();
  });
});
