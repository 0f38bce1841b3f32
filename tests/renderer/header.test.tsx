// The header: status badge words and icon per level, the countdown, response time and Check now.
import { act, fireEvent, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CATALOG } from '../../shared/catalog';
import type { IpcResult } from '../../shared/ipc';
import { appState, healthySnapshot, problemState, signedOutState } from './fixtures';
import { createFakeBridge, deferred, DONE } from './fakeBridge';
import { renderWindow } from './render';

const NOW = Date.parse('2026-03-09T14:30:00.000Z');

function header(): HTMLElement {
  const element = document.querySelector('header');
  if (!element) throw new Error('no header');
  return element;
}

describe('the status badge', () => {
  it.each([
    ['ok', appState(), 'All good', 'CrossTrade, the add-on and NinjaTrader 8 all answer.'],
    ['warning', problemState(['addon_outdated']), 'Needs attention', CATALOG.addon_outdated.title],
    [
      'error',
      problemState(['addon_disconnected']),
      'Not working',
      CATALOG.addon_disconnected.title,
    ],
    ['unknown', signedOutState(), 'Signed out', CATALOG.signed_out.title],
  ] as const)(
    'shows %s with an icon and words, never colour alone',
    async (level, state, words, detail) => {
      await renderWindow(state);
      const badge = header().querySelector('.badge');
      expect(badge?.getAttribute('data-level')).toBe(level);
      expect(header().className).toContain(`level-${level}`);
      expect(badge?.querySelector('svg')).toBeTruthy();
      expect(within(header()).getByText(words)).toBeTruthy();
      expect(within(header()).getByText(detail)).toBeTruthy();
    },
  );

  it('counts the other active problems next to the root cause', async () => {
    await renderWindow(problemState(['addon_disconnected', 'broker_disconnected', 'clock_skew']));
    expect(
      within(header()).getByText(`${CATALOG.addon_disconnected.title} (+2 more)`),
    ).toBeTruthy();
  });

  it('says when checks are paused and when the first check is pending', async () => {
    const paused = appState({
      snapshot: { ...healthySnapshot(), level: 'unknown', status: 'paused' },
    });
    const { bridge } = await renderWindow(paused);
    expect(within(header()).getByText('Paused')).toBeTruthy();
    expect(within(header()).getByText('Checks paused')).toBeTruthy();
    bridge.push(
      appState({
        snapshot: { ...healthySnapshot(), level: 'unknown', status: 'pending' },
        nextCheckAt: undefined,
      }),
    );
    expect(within(header()).getByText('Checking')).toBeTruthy();
    expect(within(header()).getByText('First check pending')).toBeTruthy();
  });
});

describe('the check times', () => {
  it('shows "checked 12 s ago · next in 18 s" with the response time, and counts down', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    await renderWindow(appState({}, NOW));
    expect(
      within(header()).getByText('Checked 12 s ago · next in 18 s · response 412 ms'),
    ).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(
      within(header()).getByText('Checked 17 s ago · next in 13 s · response 412 ms'),
    ).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(20_000);
    });
    expect(
      within(header()).getByText('Checked 37 s ago · next any moment · response 412 ms'),
    ).toBeTruthy();
  });

  it('runs one shared clock only while the window is open', async () => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] });
    const { unmount } = await renderWindow(appState({}, NOW));
    fireEvent.click(document.querySelector('[role="tab"][id="tab-details"]') as Element);
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a slow response in seconds', async () => {
    const state = appState();
    state.snapshot.latencyMs = 2340;
    await renderWindow(state);
    expect(within(header()).getByText(/response 2\.3 s/)).toBeTruthy();
  });
});

describe('Check now', () => {
  it('asks main for one check and shows a busy state until it is done', async () => {
    const bridge = createFakeBridge(appState());
    const pending = deferred<IpcResult<void>>();
    bridge.checkNow.mockReturnValue(pending.promise);
    await renderWindow(bridge);
    const button = within(header()).getByRole('button', { name: 'Check now' });
    fireEvent.click(button);
    expect(bridge.checkNow).toHaveBeenCalledTimes(1);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.textContent).toBe('Checking…');
    fireEvent.click(button);
    expect(bridge.checkNow).toHaveBeenCalledTimes(1);
    await act(async () => pending.resolve(DONE));
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    expect(button.textContent).toBe('Check now');
  });

  it('is busy while main reports a check in flight, whoever started it', async () => {
    const { bridge } = await renderWindow(appState());
    bridge.push(appState({ checking: true }));
    const button = within(header()).getByRole('button', { name: 'Checking…' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(within(header()).getByText(/Checking now…/)).toBeTruthy();
    fireEvent.click(button);
    expect(bridge.checkNow).not.toHaveBeenCalled();
    bridge.push(appState({ checking: false }));
    expect(
      within(header()).getByRole('button', { name: 'Check now' }).getAttribute('aria-disabled'),
    ).toBeNull();
  });
});

describe('the live region', () => {
  it('announces the level politely, and again only when the level changes', async () => {
    const { bridge } = await renderWindow(appState());
    const live = document.querySelector('[aria-live="polite"]');
    expect(live?.getAttribute('role')).toBe('status');
    expect(live?.textContent).toBe('Status: All good.');

    bridge.push(problemState(['addon_disconnected']));
    expect(live?.textContent).toBe(`Status: Not working. ${CATALOG.addon_disconnected.title}.`);

    bridge.push(problemState(['server_error']));
    expect(live?.textContent).toBe(`Status: Not working. ${CATALOG.addon_disconnected.title}.`);

    bridge.push(appState());
    expect(live?.textContent).toBe('Status: All good.');
  });
});
