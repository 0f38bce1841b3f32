// Where NinjaTrader runs and the trading hours, in the window: the status card says where it
// runs, a closed market reads "Market closed", and Settings edits both.
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { appState, healthySnapshot, problemState } from './fixtures';
import { renderWindow } from './render';

async function openSettings(state: Parameters<typeof renderWindow>[0]) {
  const view = await renderWindow(state);
  fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
  return view;
}

const remoteSnapshot = () => ({ ...healthySnapshot(), nt8Location: 'remote' as const });
const save = () => screen.getByRole('button', { name: 'Save settings' });
const field = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('the status card', () => {
  it('says NinjaTrader runs on another computer once that is known', async () => {
    await renderWindow(appState({ snapshot: remoteSnapshot() }));
    expect(screen.getByTestId('nt8-location').textContent).toBe(
      'NinjaTrader runs on another computer.',
    );
  });

  it('says nothing about it while it is not known', async () => {
    await renderWindow(appState());
    expect(screen.queryByTestId('nt8-location')).toBeNull();
  });

  it('outside trading hours shows "Market closed" with its checklist', async () => {
    await renderWindow(problemState(['market_closed']));
    expect(
      screen.getByRole('heading', { name: 'Market closed · NinjaTrader is off' }),
    ).toBeTruthy();
    expect(screen.getByText(/Start NinjaTrader 8 before the market opens/)).toBeTruthy();
  });
});

describe('Settings: where NinjaTrader 8 runs', () => {
  it('starts on "Find out by itself", says what was learned, and saves a choice', async () => {
    const { bridge } = await openSettings(appState({ snapshot: remoteSnapshot() }));
    const auto = screen.getByRole('radio', { name: 'Find out by itself' }) as HTMLInputElement;
    expect(auto.checked).toBe(true);
    expect(screen.getByTestId('nt8-location-help').textContent).toMatch(
      /^Found out: NinjaTrader runs on another computer/,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'On another computer (a VPS)' }));
    fireEvent.click(save());
    await screen.findByText('Settings saved.');
    expect(bridge.setSettings).toHaveBeenCalledExactlyOnceWith({ nt8Location: 'remote' });
  });
});

describe('Settings: trading hours', () => {
  it('shows the CME Globex schedule, on by default', async () => {
    await openSettings(appState());
    const only = screen.getByRole('checkbox', { name: 'Only alert during trading hours' });
    expect((only as HTMLInputElement).checked).toBe(true);
    expect(field('Time zone').value).toBe('America/Chicago');
    expect(field('Sunday').value).toBe('17:00–24:00');
    expect(field('Monday').value).toBe('00:00–16:00, 17:00–24:00');
    expect(field('Friday').value).toBe('00:00–16:00');
    expect(field('Saturday').value).toBe('');
  });

  it('refuses a bad day or zone, naming it, and saves a fixed schedule whole', async () => {
    const { bridge } = await openSettings(appState());
    fireEvent.change(field('Saturday'), { target: { value: 'nine to noon' } });
    expect(screen.getByTestId('hours-error').textContent).toContain(
      'Saturday: "nine to noon" is not a time range',
    );
    expect(field('Saturday').getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(save());
    expect(bridge.setSettings).not.toHaveBeenCalled();

    fireEvent.change(field('Time zone'), { target: { value: 'Central' } });
    expect(screen.getByTestId('hours-error').textContent).toContain('"Central" is not a time zone');
    fireEvent.change(field('Time zone'), { target: { value: 'America/New_York' } });
    fireEvent.change(field('Saturday'), { target: { value: '9:00-12:00' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only alert during trading hours' }));
    fireEvent.click(save());
    await screen.findByText('Settings saved.');
    const days = DEFAULT_SETTINGS.tradingHours.days.map((day, index) =>
      index === 6 ? [{ start: '09:00', end: '12:00' }] : day,
    );
    expect(bridge.setSettings).toHaveBeenCalledExactlyOnceWith({
      tradingHours: { onlyDuringHours: false, timeZone: 'America/New_York', days },
    });
  });

  it('"Use CME Globex hours" puts the default schedule back', async () => {
    const days = DEFAULT_SETTINGS.tradingHours.days.map(() => []);
    await openSettings(
      appState({
        settings: {
          ...DEFAULT_SETTINGS,
          tradingHours: { onlyDuringHours: true, timeZone: 'Europe/Berlin', days },
        },
      }),
    );
    expect(field('Monday').value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: /Use CME Globex hours/ }));
    expect(field('Time zone').value).toBe('America/Chicago');
    expect(field('Monday').value).toBe('00:00–16:00, 17:00–24:00');
  });
});
