// Pure decision: no Electron, no I/O; the adapters apply it.
//
// The tray menu as data: the tray controller turns it into a native menu and routes each item's
// action to a controller. Items: the verdict line, Open, Check now, Pause notifications
// (1 h / until tomorrow / resume), Sign in or Sign out, Launch at login, Quit.
import type { HealthSnapshot } from '../../shared/health';
import type { SignInState } from '../../shared/ipc';
import { PRODUCT_NAME } from '../../shared/product';
import { isPaused } from './pause';
import { checkedAgo, verdict } from './tooltip';

export const TRAY_ACTIONS = [
  'open',
  'check_now',
  'pause_1h',
  'pause_tomorrow',
  'resume_notifications',
  'sign_in',
  'sign_out',
  'toggle_launch_at_login',
  'toggle_unencrypted_tokens',
  'install_update',
  'quit',
] as const;
export type TrayAction = (typeof TRAY_ACTIONS)[number];

export type MenuItemModel =
  | { kind: 'label'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction; enabled: boolean }
  | { kind: 'checkbox'; label: string; action: TrayAction; checked: boolean; enabled: boolean }
  | { kind: 'submenu'; label: string; items: MenuItemModel[] };

export interface TrayMenuInput {
  snapshot: HealthSnapshot;
  checking: boolean;
  now: number;
  notificationsPausedUntil?: string;
  signIn: SignInState;
  launchAtLogin: boolean;
  /** Linux without a keyring: offer to keep the sign-in on disk without encryption. */
  basicTextFallback: boolean;
  unencryptedOptIn: boolean;
  /** A downloaded update's "Restart to install vX.Y.Z" (electron/policy/updates.ts). */
  restartToInstall?: string;
  /** Formats the end of a pause; defaults to the local "HH:MM". */
  formatTime?: (date: Date) => string;
}

export const OPEN_LABEL = `Open ${PRODUCT_NAME}`;

function defaultFormatTime(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function signInItem(input: TrayMenuInput): MenuItemModel {
  if (input.signIn.state === 'waiting') {
    return {
      kind: 'action',
      label: 'Waiting for sign-in in your browser… (restart)',
      action: 'sign_in',
      enabled: true,
    };
  }
  const token = input.snapshot.token.state;
  if (token === 'signed_in')
    return { kind: 'action', label: 'Sign out', action: 'sign_out', enabled: true };
  const label = token === 'rejected' ? 'Sign in again…' : 'Sign in…';
  return { kind: 'action', label, action: 'sign_in', enabled: true };
}

function pauseMenu(input: TrayMenuInput): MenuItemModel {
  const paused = isPaused(input.notificationsPausedUntil, input.now);
  const format = input.formatTime ?? defaultFormatTime;
  const label =
    paused && input.notificationsPausedUntil
      ? `Notifications paused until ${format(new Date(input.notificationsPausedUntil))}`
      : 'Pause notifications';
  return {
    kind: 'submenu',
    label,
    items: [
      { kind: 'action', label: 'For 1 hour', action: 'pause_1h', enabled: true },
      { kind: 'action', label: 'Until tomorrow', action: 'pause_tomorrow', enabled: true },
      { kind: 'separator' },
      {
        kind: 'action',
        label: 'Resume notifications',
        action: 'resume_notifications',
        enabled: paused,
      },
    ],
  };
}

export function trayMenuModel(input: TrayMenuInput): MenuItemModel[] {
  const ago = checkedAgo(input.snapshot, input.now);
  const items: MenuItemModel[] = [
    { kind: 'label', label: ago ? `${verdict(input.snapshot)} — ${ago}` : verdict(input.snapshot) },
    { kind: 'separator' },
    ...(input.restartToInstall
      ? [
          {
            kind: 'action',
            label: input.restartToInstall,
            action: 'install_update',
            enabled: true,
          } satisfies MenuItemModel,
        ]
      : []),
    { kind: 'action', label: OPEN_LABEL, action: 'open', enabled: true },
    {
      kind: 'action',
      label: input.checking ? 'Checking…' : 'Check now',
      action: 'check_now',
      enabled: !input.checking,
    },
    pauseMenu(input),
    { kind: 'separator' },
    signInItem(input),
  ];
  if (input.basicTextFallback) {
    items.push({
      kind: 'checkbox',
      label: 'Remember sign-in without a keyring (unencrypted)',
      action: 'toggle_unencrypted_tokens',
      checked: input.unencryptedOptIn,
      enabled: true,
    });
  }
  items.push(
    {
      kind: 'checkbox',
      label: 'Launch at login',
      action: 'toggle_launch_at_login',
      checked: input.launchAtLogin,
      enabled: true,
    },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit', action: 'quit', enabled: true },
  );
  return items;
}
