import { describe, expect, it } from 'vitest';
import {
  trayMenuModel,
  type MenuItemModel,
  type TrayMenuInput,
} from '../../../electron/policy/tray-menu';
import { ADDON_DOWN, CHECKED_AT_MS, HEALTHY, SIGNED_OUT, TOKEN_BAD } from '../fixtures';

function input(overrides: Partial<TrayMenuInput> = {}): TrayMenuInput {
  return {
    snapshot: HEALTHY,
    checking: false,
    now: CHECKED_AT_MS + 60_000,
    signIn: { state: 'idle' },
    launchAtLogin: false,
    basicTextFallback: false,
    unencryptedOptIn: false,
    formatTime: (date) => date.toISOString().slice(11, 16),
    ...overrides,
  };
}

function labels(items: MenuItemModel[]): string[] {
  return items.map((item) => (item.kind === 'separator' ? '—' : item.label));
}

function find(items: MenuItemModel[], label: string): MenuItemModel {
  for (const item of items) {
    if (item.kind !== 'separator' && item.label === label) return item;
    if (item.kind === 'submenu') {
      const inner = item.items.find((i) => i.kind !== 'separator' && i.label === label);
      if (inner) return inner;
    }
  }
  throw new Error(`no item ${label}`);
}

describe('tray menu', () => {
  it('lists the verdict, Open, Check now, Pause, Sign out, Launch at login and Quit in that order', () => {
    expect(labels(trayMenuModel(input()))).toEqual([
      'All good — checked 1 min ago',
      '—',
      'Open CrossTrade MCP Monitor',
      'Check now',
      'Pause notifications',
      '—',
      'Sign out',
      'Launch at login',
      '—',
      'Quit',
    ]);
  });

  it('binds each item to its action', () => {
    const items = trayMenuModel(input());
    expect(find(items, 'Open CrossTrade MCP Monitor')).toMatchObject({
      action: 'open',
      enabled: true,
    });
    expect(find(items, 'Check now')).toMatchObject({ action: 'check_now', enabled: true });
    expect(find(items, 'For 1 hour')).toMatchObject({ action: 'pause_1h' });
    expect(find(items, 'Until tomorrow')).toMatchObject({ action: 'pause_tomorrow' });
    expect(find(items, 'Resume notifications')).toMatchObject({
      action: 'resume_notifications',
      enabled: false,
    });
    expect(find(items, 'Sign out')).toMatchObject({ action: 'sign_out' });
    expect(find(items, 'Launch at login')).toMatchObject({
      kind: 'checkbox',
      action: 'toggle_launch_at_login',
      checked: false,
    });
    expect(find(items, 'Quit')).toMatchObject({ action: 'quit' });
  });

  it('shows the verdict line of a problem and offers Sign in when signed out or rejected', () => {
    expect(labels(trayMenuModel(input({ snapshot: ADDON_DOWN })))[0]).toBe(
      'The CrossTrade Add-On is disconnected — checked 1 min ago',
    );
    expect(find(trayMenuModel(input({ snapshot: SIGNED_OUT })), 'Sign in…')).toMatchObject({
      action: 'sign_in',
    });
    expect(find(trayMenuModel(input({ snapshot: TOKEN_BAD })), 'Sign in again…')).toMatchObject({
      action: 'sign_in',
    });
  });

  it('disables Check now while a check runs', () => {
    expect(find(trayMenuModel(input({ checking: true })), 'Checking…')).toMatchObject({
      enabled: false,
    });
  });

  it('says until when notifications are paused, and enables Resume', () => {
    const until = new Date(CHECKED_AT_MS + 3_600_000).toISOString();
    const items = trayMenuModel(input({ notificationsPausedUntil: until }));
    expect(labels(items)).toContain('Notifications paused until 18:45');
    expect(find(items, 'Resume notifications')).toMatchObject({ enabled: true });
  });

  it('treats a pause that has ended as not paused', () => {
    const ended = new Date(CHECKED_AT_MS - 1000).toISOString();
    const items = trayMenuModel(input({ notificationsPausedUntil: ended }));
    expect(labels(items)).toContain('Pause notifications');
  });

  it('offers the unencrypted opt-in only where Linux has no keyring', () => {
    expect(labels(trayMenuModel(input()))).not.toContain(
      'Remember sign-in without a keyring (unencrypted)',
    );
    const items = trayMenuModel(input({ basicTextFallback: true, unencryptedOptIn: true }));
    expect(find(items, 'Remember sign-in without a keyring (unencrypted)')).toMatchObject({
      kind: 'checkbox',
      checked: true,
      action: 'toggle_unencrypted_tokens',
    });
  });

  it('lets a waiting sign-in be restarted', () => {
    const items = trayMenuModel(input({ snapshot: SIGNED_OUT, signIn: { state: 'waiting' } }));
    expect(find(items, 'Waiting for sign-in in your browser… (restart)')).toMatchObject({
      action: 'sign_in',
    });
  });
});
