// Tray controller: the icon for the current level, the tooltip and the menu, all decided by the
// pure functions in policy/ and rendered here. Re-renders the tooltip every 30 s so "checked
// <t> ago" stays true.
import { join } from 'node:path';
import {
  Menu,
  Tray,
  nativeImage,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';
import type { Level } from '../shared/health';
import { trayClickOpensWindow, trayIconFile } from './policy/tray-icon';
import { tooltipText } from './policy/tooltip';
import {
  trayMenuModel,
  type MenuItemModel,
  type TrayAction,
  type TrayMenuInput,
} from './policy/tray-menu';

export type TrayActions = Record<TrayAction, () => void>;

export interface TrayControllerOptions {
  platform: NodeJS.Platform;
  iconDir: string;
  actions: TrayActions;
  /** The current input (state + clock); read on each render. */
  input: () => Omit<TrayMenuInput, 'now'>;
  now?: () => number;
  refreshMs?: number;
}

export const TRAY_REFRESH_MS = 30_000;

/** Native menu template from the model; each click runs its action. */
export function menuTemplate(
  items: MenuItemModel[],
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'label':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => actions[item.action]() };
      case 'checkbox':
        return {
          type: 'checkbox',
          label: item.label,
          checked: item.checked,
          enabled: item.enabled,
          click: () => actions[item.action](),
        };
      case 'submenu':
        return { label: item.label, submenu: menuTemplate(item.items, actions) };
    }
  });
}

export class TrayController {
  private tray: Tray | undefined;
  private level: Level | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: TrayControllerOptions) {}

  start(): void {
    if (this.tray) return;
    const input = this.options.input();
    this.level = input.snapshot.level;
    this.tray = new Tray(this.image(this.level));
    if (trayClickOpensWindow(this.options.platform)) {
      this.tray.on('click', () => this.options.actions.open());
    }
    this.render();
    this.timer = setInterval(() => this.render(), this.options.refreshMs ?? TRAY_REFRESH_MS);
    this.timer.unref?.();
  }

  /** Updates icon (when the level changed), tooltip and menu from the current input. */
  render(): void {
    const tray = this.tray;
    if (!tray || tray.isDestroyed()) return;
    const now = (this.options.now ?? Date.now)();
    const input = { ...this.options.input(), now };
    if (input.snapshot.level !== this.level) {
      this.level = input.snapshot.level;
      tray.setImage(this.image(this.level));
    }
    tray.setToolTip(tooltipText(input.snapshot, now));
    tray.setContextMenu(
      Menu.buildFromTemplate(menuTemplate(trayMenuModel(input), this.options.actions)),
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tray && !this.tray.isDestroyed()) this.tray.destroy();
    this.tray = undefined;
  }

  private image(level: Level): NativeImage {
    const file = join(this.options.iconDir, trayIconFile(level, this.options.platform));
    const image = nativeImage.createFromPath(file);
    if (this.options.platform === 'darwin') image.setTemplateImage(true);
    return image;
  }
}
