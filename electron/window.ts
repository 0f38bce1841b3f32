// Window controller: one window, created on first open, hidden (not destroyed) on close, its size
// and position restored. Security settings from policy/window-options.ts; the renderer is the
// packaged out/renderer/index.html loaded with loadFile.
import { BrowserWindow, screen, type IpcMainInvokeEvent } from 'electron';
import type { PayloadOf, PushChannel } from '../shared/ipc';
import { push } from './ipc';
import type { Logger } from './monitor/log';
import type { AppPaths } from './paths';
import { isRendererUrl, restoreBounds, windowOptions, type Rect } from './policy/window-options';
import { hardenSession, hardenWebContents } from './security';

export interface WindowControllerOptions {
  paths: Pick<AppPaths, 'preload' | 'rendererIndex' | 'rendererUrl' | 'appIcon'>;
  platform: NodeJS.Platform;
  loadBounds: () => unknown;
  saveBounds: (bounds: Rect) => void;
  log: Logger;
}

export class WindowController {
  private window: BrowserWindow | undefined;
  private quitting = false;
  private readyToShow = false;

  constructor(private readonly options: WindowControllerOptions) {}

  /** Shows the window (creating it the first time) and brings it to the front. */
  open(): void {
    const existing = this.live();
    if (!existing) {
      this.create();
      return; // shown on ready-to-show, so it never flashes empty
    }
    if (!this.readyToShow) return;
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
  }

  hide(): void {
    const win = this.live();
    if (!win) return;
    this.saveBounds(win);
    win.hide();
  }

  /** Visible and focused: notifications stay quiet then. */
  isFocused(): boolean {
    const win = this.live();
    return !!win && win.isVisible() && win.isFocused();
  }

  /** True only for a message from our window's main frame while it shows our renderer page. */
  isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
    const win = this.live();
    const frame = event.senderFrame;
    if (!win || !frame) return false;
    const main = win.webContents.mainFrame;
    const sameFrame =
      frame === main || (frame.processId === main.processId && frame.routingId === main.routingId);
    return sameFrame && isRendererUrl(frame.url, this.options.paths.rendererUrl);
  }

  send<C extends PushChannel>(channel: C, payload: PayloadOf<C>): void {
    const win = this.live();
    if (win) push(win.webContents, channel, payload);
  }

  /** From now on a close really closes (app quit). Saves the bounds first. */
  prepareToQuit(): void {
    this.quitting = true;
    const win = this.live();
    if (win) this.saveBounds(win);
  }

  private live(): BrowserWindow | undefined {
    return this.window && !this.window.isDestroyed() ? this.window : undefined;
  }

  private saveBounds(win: BrowserWindow): void {
    try {
      this.options.saveBounds(win.getNormalBounds());
    } catch (error) {
      this.options.log('warn', `Could not save the window position: ${String(error)}`);
    }
  }

  private create(): BrowserWindow {
    const { paths, platform, log } = this.options;
    const workAreas = screen.getAllDisplays().map((display) => display.workArea);
    const bounds = restoreBounds(this.options.loadBounds(), workAreas);
    const win = new BrowserWindow(
      windowOptions({
        preload: paths.preload,
        ...(bounds ? { bounds } : {}),
        ...(platform === 'darwin' ? {} : { icon: paths.appIcon }),
      }),
    );
    this.window = win;
    this.readyToShow = false;
    hardenSession(win.webContents.session, log);
    hardenWebContents(win.webContents, log);

    win.once('ready-to-show', () => {
      this.readyToShow = true;
      win.show();
      win.focus();
    });
    win.on('close', (event) => {
      this.saveBounds(win);
      if (this.quitting) return;
      event.preventDefault();
      win.hide();
    });
    win.on('closed', () => {
      if (this.window === win) this.window = undefined;
    });
    win.webContents.on('render-process-gone', (_event, details) => {
      log(
        'error',
        `The window's renderer stopped (${details.reason}); it reopens on the next open.`,
      );
      if (!win.isDestroyed()) win.destroy();
    });

    win.loadFile(paths.rendererIndex).catch((error: unknown) => {
      log('error', `Could not load the window: ${String(error)}`);
    });
    return win;
  }
}
