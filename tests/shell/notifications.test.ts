import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import {
  EMPTY_MEMORY,
  THROTTLE_MS,
  type NotificationMemory,
} from '../../electron/policy/notification-policy';
import { ADDON_DOWN, HEALTHY, snapshot, TOKEN_BAD, transition } from './fixtures';

const electron = await vi.hoisted(async () =>
  (await import('./electron-mock')).createElectronMock(),
);
vi.mock('electron', () => electron);

const { NotificationController } = await import('../../electron/notifications');

function setup(overrides: { focused?: boolean; paused?: boolean } = {}) {
  let memory: NotificationMemory = EMPTY_MEMORY;
  let now = Date.parse('2026-11-25T18:00:00.000Z');
  const state = { focused: overrides.focused ?? false, paused: overrides.paused ?? false };
  const openWindow = vi.fn();
  const controller = new NotificationController({
    isWindowFocused: () => state.focused,
    isPaused: () => state.paused,
    toggles: () => DEFAULT_SETTINGS.notifications,
    openWindow,
    loadMemory: () => memory,
    saveMemory: (next) => {
      memory = next;
    },
    notificationId: 'io.crosstrade.mcp-monitor',
    now: () => now,
    log: () => {},
  });
  return {
    controller,
    openWindow,
    state,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('notification controller', () => {
  beforeEach(() => electron.reset());

  it('shows exactly one notification when the add-on disconnects', () => {
    const { controller } = setup();
    controller.handle(transition(HEALTHY, ADDON_DOWN));
    expect(electron.notifications).toHaveLength(1);
    const [shown] = electron.notifications;
    expect(shown!.show).toHaveBeenCalledTimes(1);
    expect(shown!.options).toMatchObject({
      title: 'The CrossTrade Add-On is disconnected',
      id: 'io.crosstrade.mcp-monitor',
      urgency: 'critical',
    });
  });

  it('opens the window on that problem when the notification is clicked', () => {
    const { controller, openWindow } = setup();
    controller.handle(transition(HEALTHY, ADDON_DOWN));
    electron.notifications[0]!.emit('click');
    expect(openWindow).toHaveBeenCalledWith('addon_disconnected');
  });

  it('replaces the older notification with a newer one', () => {
    const { controller, advance } = setup();
    controller.handle(transition(HEALTHY, ADDON_DOWN));
    advance(60_000);
    controller.handle(transition(ADDON_DOWN, TOKEN_BAD));
    const [older, newer] = electron.notifications;
    expect(older!.close).toHaveBeenCalled();
    expect(newer!.shown).toBe(true);
    expect(newer!.closed).toBe(false);
  });

  it('announces recovery after the error notification, and the click opens the window', () => {
    const { controller, advance, openWindow } = setup();
    controller.handle(transition(HEALTHY, ADDON_DOWN));
    advance(60_000);
    controller.handle(transition(ADDON_DOWN, HEALTHY));
    expect(electron.notifications).toHaveLength(2);
    expect(electron.notifications[1]!.options).toMatchObject({
      title: 'CrossTrade MCP is working again',
      urgency: 'normal',
    });
    electron.notifications[1]!.emit('click');
    expect(openWindow).toHaveBeenCalledWith(undefined);
  });

  it('respects the damping, the per-kind limit, the pause and the focused window', () => {
    const { controller, advance, state } = setup();
    controller.handle(transition(HEALTHY, ADDON_DOWN, false));
    expect(electron.notifications).toHaveLength(0);
    controller.handle(transition(HEALTHY, ADDON_DOWN));
    advance(THROTTLE_MS / 2);
    controller.handle(transition(HEALTHY, snapshot('error', ['nt8_not_running'])));
    expect(electron.notifications).toHaveLength(1);
    advance(THROTTLE_MS);
    state.paused = true;
    expect(controller.handle(transition(HEALTHY, ADDON_DOWN))).toMatchObject({ reason: 'paused' });
    state.paused = false;
    state.focused = true;
    expect(controller.handle(transition(HEALTHY, ADDON_DOWN))).toMatchObject({ reason: 'focused' });
    expect(electron.notifications).toHaveLength(1);
  });

  it('does nothing where the system has no notifications', () => {
    electron.setNotificationsSupported(false);
    const { controller } = setup();
    expect(controller.handle(transition(HEALTHY, ADDON_DOWN)).show).toBe(true);
    expect(electron.notifications).toHaveLength(0);
  });

  it('closes the notification on screen when dismissed (quit)', () => {
    const { controller } = setup();
    controller.handle(transition(HEALTHY, ADDON_DOWN));
    controller.dismiss();
    expect(electron.notifications[0]!.close).toHaveBeenCalled();
  });
});
