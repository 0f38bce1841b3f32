// The parts of Electron that talk to the desktop rather than to a page: Tray, Menu, nativeImage,
// Notification, shell, clipboard, nativeTheme, net, safeStorage and screen. They record what main
// asks for and let a test act as the user or the OS (click a menu item or a notification, switch
// to dark, go offline). Each keeps its state in place across `reset()`: main's modules hold them.
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { ElectronEvent } from './events';

// ── nativeImage ─────────────────────────────────────────────────────────────

/** Holds the path it was made from; empty when that file cannot be read, as in Electron. */
export class NativeImageDouble {
  template = false;

  constructor(readonly path: string) {}

  setTemplateImage(flag: boolean): void {
    this.template = flag;
  }

  isTemplateImage(): boolean {
    return this.template;
  }

  isEmpty(): boolean {
    try {
      return !statSync(this.path).isFile();
    } catch {
      return true;
    }
  }
}

export const nativeImage = {
  createFromPath: (path: string) => new NativeImageDouble(path),
  createEmpty: () => new NativeImageDouble(''),
};

// ── Menu ────────────────────────────────────────────────────────────────────

export interface MenuItemTemplate {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  visible?: boolean;
  click?: (item: MenuItemDouble, window: undefined, event: Record<string, unknown>) => void;
  submenu?: MenuItemTemplate[] | MenuDouble;
}

export class MenuItemDouble {
  readonly label: string;
  readonly type: NonNullable<MenuItemTemplate['type']>;
  readonly enabled: boolean;
  checked: boolean;
  readonly submenu: MenuDouble | undefined;
  private readonly onClick: MenuItemTemplate['click'];

  constructor(template: MenuItemTemplate) {
    this.label = template.label ?? '';
    this.submenu =
      template.submenu instanceof MenuDouble
        ? template.submenu
        : template.submenu
          ? new MenuDouble(template.submenu)
          : undefined;
    this.type = template.type ?? (this.submenu ? 'submenu' : 'normal');
    this.enabled = template.enabled ?? true;
    this.checked = template.checked ?? false;
    this.onClick = template.click;
  }

  /** What a user's click does: a checkbox flips first, then `click` runs. */
  click(): void {
    if (this.type === 'checkbox') this.checked = !this.checked;
    this.onClick?.(this, undefined, {});
  }
}

export class MenuDouble {
  readonly items: MenuItemDouble[];

  /** `template` is what main built the menu from, as main wrote it. */
  constructor(readonly template: MenuItemTemplate[]) {
    this.items = template.map((item) => new MenuItemDouble(item));
  }

  /** Every item, submenus included, depth first. */
  flatten(): MenuItemDouble[] {
    return this.items.flatMap((item) => [item, ...(item.submenu?.flatten() ?? [])]);
  }
}

export const Menu = {
  buildFromTemplate: (template: MenuItemTemplate[]) => new MenuDouble(template),
};

// ── Tray ────────────────────────────────────────────────────────────────────

export class TrayDouble extends EventEmitter {
  image: NativeImageDouble;
  /** Every image set, in order (the first is the constructor's). */
  readonly images: NativeImageDouble[] = [];
  tooltip = '';
  menu: MenuDouble | null = null;
  destroyed = false;

  constructor(image: NativeImageDouble | string) {
    super();
    this.image = typeof image === 'string' ? new NativeImageDouble(image) : image;
    this.images.push(this.image);
  }

  setImage(image: NativeImageDouble | string): void {
    this.image = typeof image === 'string' ? new NativeImageDouble(image) : image;
    this.images.push(this.image);
  }

  setToolTip(text: string): void {
    this.tooltip = text;
  }

  setContextMenu(menu: MenuDouble | null): void {
    this.menu = menu;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
  }

  // Test controls ────────────────────────────────────────────────────────────

  /** The labels of the menu's items (submenus included), separators left out. */
  menuLabels(): string[] {
    return (this.menu?.flatten() ?? [])
      .filter((item) => item.type !== 'separator')
      .map((item) => item.label);
  }

  menuItem(label: string): MenuItemDouble | undefined {
    return this.menu?.flatten().find((item) => item.label === label);
  }

  /** Clicks an enabled menu item by its label, as the user would; throws when there is none. */
  clickMenuItem(label: string): void {
    if (this.destroyed) throw new Error('The tray is gone.');
    const item = this.menuItem(label);
    if (!item) {
      throw new Error(
        `The tray menu has no item "${label}"; it has: ${this.menuLabels().join(' | ')}`,
      );
    }
    if (!item.enabled) throw new Error(`The tray menu item "${label}" is disabled.`);
    item.click();
  }

  /** A click on the icon itself. */
  click(): void {
    this.emit('click', new ElectronEvent(), { x: 0, y: 0, width: 24, height: 24 });
  }
}

// ── Notification ────────────────────────────────────────────────────────────

export interface NotificationOptions {
  title?: string;
  body?: string;
  id?: string;
  icon?: string;
  urgency?: string;
  [option: string]: unknown;
}

export class NotificationDouble extends EventEmitter {
  shown = false;
  closed = false;

  /** `shownList` receives the notification when it is first shown. */
  constructor(
    readonly options: NotificationOptions,
    private readonly shownList: NotificationDouble[],
  ) {
    super();
  }

  get title(): string {
    return this.options.title ?? '';
  }

  get body(): string {
    return this.options.body ?? '';
  }

  show(): void {
    if (!this.shown) this.shownList.push(this);
    this.shown = true;
    this.closed = false;
    this.emit('show', new ElectronEvent());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', new ElectronEvent());
  }

  /** Test control: the user clicks the notification. */
  click(): void {
    if (!this.shown || this.closed) throw new Error(`"${this.title}" is not on screen.`);
    this.emit('click', new ElectronEvent());
  }
}

// ── nativeTheme ─────────────────────────────────────────────────────────────

export type ThemeSource = 'system' | 'light' | 'dark';

/** Emits 'updated' on every change, as Electron does. */
export class NativeThemeDouble extends EventEmitter {
  private source: ThemeSource = 'system';
  /** What "the system" prefers; a test changes it with setSystemDark. */
  private systemDark = false;

  get themeSource(): ThemeSource {
    return this.source;
  }

  set themeSource(source: ThemeSource) {
    this.source = source;
    this.emit('updated');
  }

  get shouldUseDarkColors(): boolean {
    return this.source === 'dark' || (this.source === 'system' && this.systemDark);
  }

  get shouldUseHighContrastColors(): boolean {
    return false;
  }

  /** Test control: the OS switches between light and dark. */
  setSystemDark(dark: boolean): void {
    this.systemDark = dark;
    this.emit('updated');
  }

  reset(): void {
    this.source = 'system';
    this.systemDark = false;
  }
}

// ── safeStorage ─────────────────────────────────────────────────────────────

const CIPHER_PREFIX = Buffer.from('electron-double-v1:');
const CIPHER_KEY = Buffer.from('crosstrade-test-key');

function xor(data: Buffer): Buffer {
  return Buffer.from(
    data.map((byte, index) => byte ^ (CIPHER_KEY[index % CIPHER_KEY.length] ?? 0)),
  );
}

/** A reversible test cipher: no clear text in the bytes, and foreign bytes fail to decrypt. */
export class SafeStorageDouble {
  available = true;
  backend = 'gnome_libsecret';

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  encryptString(text: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([CIPHER_PREFIX, xor(Buffer.from(text, 'utf8'))]);
  }

  decryptString(data: Buffer): string {
    if (!data.subarray(0, CIPHER_PREFIX.length).equals(CIPHER_PREFIX)) {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
      );
    }
    return xor(data.subarray(CIPHER_PREFIX.length)).toString('utf8');
  }

  async encryptStringAsync(text: string): Promise<Buffer> {
    return this.encryptString(text);
  }

  async decryptStringAsync(data: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    return { result: this.decryptString(data), shouldReEncrypt: false };
  }

  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
  }
}

// ── shell, clipboard, net, screen ──────────────────────────────────────────

export type OpenExternalHandler = (url: string) => void | Promise<void>;

export class ShellDouble {
  /** Every URL main asked the OS to open, in order. */
  readonly opened: string[] = [];
  /** What the "system browser" did with each URL (handler errors end up here too). */
  readonly visits: Array<Promise<void>> = [];
  private handler: OpenExternalHandler | undefined;

  /** Test control: what the system browser does with a URL (e.g. complete a consent). */
  setBrowser(handler: OpenExternalHandler | undefined): void {
    this.handler = handler;
  }

  /** Resolves once the browser was handed the URL, not when it is done, as in Electron. */
  async openExternal(url: string, _options?: unknown): Promise<void> {
    this.opened.push(url);
    const handler = this.handler;
    if (!handler) return;
    const visit = Promise.resolve().then(() => handler(url));
    visit.catch(() => undefined);
    this.visits.push(visit);
  }

  reset(): void {
    this.opened.length = 0;
    this.visits.length = 0;
    this.handler = undefined;
  }
}

export class ClipboardDouble {
  text = '';
  readonly writes: string[] = [];

  writeText(text: string): void {
    this.text = text;
    this.writes.push(text);
  }

  readText(): string {
    return this.text;
  }

  reset(): void {
    this.text = '';
    this.writes.length = 0;
  }
}

export class NetDouble {
  online = true;
  /** Every URL main fetched through Chromium's stack, in order. */
  readonly fetched: string[] = [];

  isOnline(): boolean {
    return this.online;
  }

  /** Records the request, then makes it for real (the engine behind it talks to a real server). */
  fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    this.fetched.push(typeof input === 'string' ? input : input.url);
    return globalThis.fetch(input, init);
  }
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Display {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}

/** One 1920×1080 display (a 40 px panel) until a test sets others. */
export class ScreenDouble extends EventEmitter {
  displays: Display[] = [];

  constructor() {
    super();
    this.reset();
  }

  getAllDisplays(): Display[] {
    return this.displays.map((display) => ({ ...display }));
  }

  getPrimaryDisplay(): Display {
    const first = this.displays[0];
    if (!first) throw new Error('No display.');
    return { ...first };
  }

  /** Test control: one display per work area (its bounds are the work area). */
  setWorkAreas(areas: Rect[]): void {
    this.displays = areas.map((workArea, index) => ({
      id: index + 1,
      bounds: { ...workArea },
      workArea: { ...workArea },
      scaleFactor: 1,
    }));
  }

  reset(): void {
    this.removeAllListeners();
    this.displays = [
      {
        id: 1,
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
        workArea: { x: 0, y: 0, width: 1920, height: 1040 },
        scaleFactor: 1,
      },
    ];
  }
}
