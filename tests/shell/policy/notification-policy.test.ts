import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../shared/catalog';
import { PROBLEM_IDS } from '../../../shared/health';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import {
  decideNotification,
  EMPTY_MEMORY,
  type NotificationContext,
  type NotificationMemory,
} from '../../../electron/policy/notification-policy';
import { ADDON_DOWN, HEALTHY, outdated, snapshot, TOKEN_BAD, transition } from '../fixtures';

const T0 = Date.parse('2026-11-25T18:00:00.000Z');
const SEC = 1000;

function context(overrides: Partial<NotificationContext> = {}): NotificationContext {
  return {
    now: T0,
    windowFocused: false,
    paused: false,
    toggles: DEFAULT_SETTINGS.notifications,
    ...overrides,
  };
}

const breaks = transition(HEALTHY, ADDON_DOWN);
const recovers = transition(ADDON_DOWN, HEALTHY);

describe('notification policy', () => {
  it('notifies exactly the problems whose catalog entry names a kind, as that kind', () => {
    for (const id of PROBLEM_IDS) {
      const entry = CATALOG[id];
      const decision = decideNotification(
        transition(HEALTHY, snapshot(entry.level, [id])),
        EMPTY_MEMORY,
        context(),
      );
      expect(decision.show ? decision.notification.kind : null, id).toBe(entry.notify);
    }
  });

  it('notifies when the add-on disconnects, with the first fix step', () => {
    const decision = decideNotification(breaks, EMPTY_MEMORY, context());
    expect(decision.show).toBe(true);
    if (!decision.show) return;
    expect(decision.notification).toMatchObject({
      kind: 'disconnect',
      problemId: 'addon_disconnected',
      level: 'error',
      title: 'The CrossTrade Add-On is disconnected',
    });
    expect(decision.notification.body).toContain('Make sure NinjaTrader 8 is open');
    expect(decision.memory.lastShownAt.disconnect).toBe(T0);
    expect(decision.memory.errorNotified).toBe(true);
  });

  it('respects the engine damping: a transition that is not notify-worthy never notifies', () => {
    const damped = transition(HEALTHY, ADDON_DOWN, false);
    expect(decideNotification(damped, EMPTY_MEMORY, context())).toMatchObject({
      show: false,
      reason: 'not_worthy',
    });
  });

  it('shows at most one notification per kind per 10 minutes', () => {
    const first = decideNotification(breaks, EMPTY_MEMORY, context());
    const again = transition(HEALTHY, snapshot('error', ['nt8_unresponsive']));
    // Literal times, not THROTTLE_MS: the throttle is 10 minutes, so changing the constant fails.
    const soon = decideNotification(
      again,
      first.memory,
      context({ now: T0 + (9 * 60 + 59) * SEC }),
    );
    expect(soon).toMatchObject({ show: false, reason: 'throttled' });
    const later = decideNotification(again, first.memory, context({ now: T0 + 10 * 60 * SEC }));
    expect(later.show).toBe(true);
  });

  it('does not let one kind throttle another', () => {
    const first = decideNotification(breaks, EMPTY_MEMORY, context());
    const token = decideNotification(
      transition(ADDON_DOWN, TOKEN_BAD),
      first.memory,
      context({ now: T0 + 1000 }),
    );
    expect(token).toMatchObject({
      show: true,
      notification: { kind: 'token', problemId: 'token_invalid' },
    });
  });

  it('stays quiet while notifications are paused', () => {
    expect(decideNotification(breaks, EMPTY_MEMORY, context({ paused: true }))).toMatchObject({
      show: false,
      reason: 'paused',
    });
  });

  it('stays quiet while the window is focused', () => {
    expect(
      decideNotification(breaks, EMPTY_MEMORY, context({ windowFocused: true })),
    ).toMatchObject({
      show: false,
      reason: 'focused',
    });
  });

  it('announces recovery only after an error notification was shown', () => {
    const shown = decideNotification(breaks, EMPTY_MEMORY, context());
    const recovery = decideNotification(recovers, shown.memory, context({ now: T0 + 60_000 }));
    expect(recovery).toMatchObject({
      show: true,
      notification: { kind: 'recovery', level: 'ok', title: 'CrossTrade MCP is working again' },
    });
    if (recovery.show) {
      expect(recovery.notification.problemId).toBeUndefined();
      expect(recovery.notification.body).toBe('Resolved: The CrossTrade Add-On is disconnected.');
      expect(recovery.memory.errorNotified).toBe(false);
    }
    // The window was focused when it broke: no error notification, so no recovery one either.
    const quiet = decideNotification(breaks, EMPTY_MEMORY, context({ windowFocused: true }));
    expect(decideNotification(recovers, quiet.memory, context())).toMatchObject({
      show: false,
      reason: 'nothing_to_tell',
    });
  });

  it('announces the recovery once it held, after the damped first sight of it', () => {
    const shown = decideNotification(breaks, EMPTY_MEMORY, context());
    const firstSight = decideNotification(
      transition(ADDON_DOWN, HEALTHY, false),
      shown.memory,
      context({ now: T0 + 30_000 }),
    );
    expect(firstSight).toMatchObject({ show: false, reason: 'not_worthy' });
    const held = decideNotification(recovers, firstSight.memory, context({ now: T0 + 60_000 }));
    expect(held).toMatchObject({ show: true, notification: { kind: 'recovery' } });
    // The announced recovery ends the incident: the next one needs a new error notification.
    expect(decideNotification(recovers, held.memory, context())).toMatchObject({
      show: false,
      reason: 'nothing_to_tell',
    });
  });

  it('ends the incident on an announced return to ok even when it is not shown', () => {
    const shown = decideNotification(breaks, EMPTY_MEMORY, context());
    const focused = decideNotification(recovers, shown.memory, context({ windowFocused: true }));
    expect(focused).toMatchObject({ show: false, reason: 'focused' });
    expect(focused.memory.errorNotified).toBe(false);
  });

  it('announces an outdated add-on once per version', () => {
    const toOld = transition(HEALTHY, outdated('1.12.4'));
    const first = decideNotification(toOld, EMPTY_MEMORY, context());
    expect(first).toMatchObject({
      show: true,
      notification: { kind: 'outdated', problemId: 'addon_outdated' },
    });
    const later = { ...first.memory, lastShownAt: {} } satisfies NotificationMemory;
    expect(decideNotification(toOld, later, context({ now: T0 + 86_400_000 }))).toMatchObject({
      show: false,
      reason: 'already_announced',
    });
    const newer = decideNotification(transition(HEALTHY, outdated('1.12.9')), later, context());
    expect(newer.show).toBe(true);
  });

  it('obeys the per-kind toggles of the settings', () => {
    const off = { ...DEFAULT_SETTINGS.notifications, disconnect: false };
    expect(decideNotification(breaks, EMPTY_MEMORY, context({ toggles: off }))).toMatchObject({
      show: false,
      reason: 'disabled',
    });
    const shown = decideNotification(breaks, EMPTY_MEMORY, context());
    const noRecovery = { ...DEFAULT_SETTINGS.notifications, recovery: false };
    expect(
      decideNotification(recovers, shown.memory, context({ toggles: noRecovery })),
    ).toMatchObject({
      show: false,
      reason: 'disabled',
    });
  });

  it('says nothing for problems that are not worth a notification', () => {
    const broker = transition(HEALTHY, snapshot('warning', ['broker_disconnected']));
    expect(decideNotification(broker, EMPTY_MEMORY, context())).toMatchObject({
      show: false,
      reason: 'nothing_to_tell',
    });
  });

  it('picks the root cause when several notify-worthy problems start together', () => {
    const both = transition(HEALTHY, snapshot('error', ['nt8_not_running', 'addon_outdated']));
    expect(decideNotification(both, EMPTY_MEMORY, context())).toMatchObject({
      show: true,
      notification: { problemId: 'nt8_not_running' },
    });
  });
});
