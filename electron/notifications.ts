// Notification controller: asks policy/notification-policy.ts about each engine transition and
// shows what it decides. One notification at a time: a newer one closes (replaces) the older.
// A click opens the window on the problem the notification was about.
import { Notification } from 'electron';
import type { ProblemId } from '../shared/health';
import type { Settings } from '../shared/settings';
import type { Transition } from './monitor/engine-types';
import type { Logger } from './monitor/log';
import {
  decideNotification,
  type NotificationDecision,
  type NotificationMemory,
} from './policy/notification-policy';

export interface NotificationControllerOptions {
  isWindowFocused: () => boolean;
  isPaused: (now: number) => boolean;
  toggles: () => Settings['notifications'];
  /** Opens the window, on a problem's checklist when given. */
  openWindow: (problemId?: ProblemId) => void;
  loadMemory: () => NotificationMemory;
  saveMemory: (memory: NotificationMemory) => void;
  /** Windows toast tag / macOS identifier: the same id makes the OS replace the older one too. */
  notificationId?: string;
  icon?: string;
  now?: () => number;
  log: Logger;
}

export class NotificationController {
  private current: Notification | undefined;

  constructor(private readonly options: NotificationControllerOptions) {}

  handle(transition: Transition): NotificationDecision {
    const now = (this.options.now ?? Date.now)();
    const decision = decideNotification(transition, this.options.loadMemory(), {
      now,
      windowFocused: this.options.isWindowFocused(),
      paused: this.options.isPaused(now),
      toggles: this.options.toggles(),
    });
    this.options.saveMemory(decision.memory);
    if (!decision.show) {
      this.options.log(
        'debug',
        `No notification for ${transition.from}→${transition.to}: ${decision.reason}.`,
      );
      return decision;
    }
    if (!Notification.isSupported()) {
      this.options.log(
        'info',
        `Notifications are not supported here: "${decision.notification.title}" not shown.`,
      );
      return decision;
    }
    const planned = decision.notification;
    const notification = new Notification({
      title: planned.title,
      body: planned.body,
      ...(this.options.notificationId ? { id: this.options.notificationId } : {}),
      ...(this.options.icon ? { icon: this.options.icon } : {}),
      urgency: planned.level === 'error' ? 'critical' : 'normal',
    });
    notification.on('click', () => {
      this.options.openWindow(planned.problemId);
    });
    notification.on('close', () => {
      if (this.current === notification) this.current = undefined;
    });
    this.dismiss();
    this.current = notification;
    notification.show();
    this.options.log('info', `Notified: ${planned.title}.`);
    return decision;
  }

  /** Closes the notification on screen, if any. */
  dismiss(): void {
    const previous = this.current;
    this.current = undefined;
    previous?.close();
  }
}
