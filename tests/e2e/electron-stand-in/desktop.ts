// The parts of Electron that talk to the desktop rather than to a page: Tray, Menu, nativeImage,
// Notification, shell, clipboard, powerMonitor, nativeTheme, net, safeStorage and screen. They
// record what main asks for and let a test act as the user or the OS (click a menu item or a
// notification, fire resume, go offline).
import { EventEmitter } from 'node:events';
import { statSync } from 'node:fs';
import { StandInEvent } from './events';

// ── nativeImage ─────────────────────────────────────────────────────────────

/** Holds the path it was made from; empty when that file cannot be read, as in Electron. */
export class NativeImageStandIn {
  private template = false;

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
  createFromPath: (path: string) => new NativeImageStandIn(path),
  createEmpty: () => new NativeImageStandIn(''),
};

// ── Menu ────────────────────────────────────────────────────────────────────

export interface MenuItemTemplate {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  checked?: boolean;
  visible?: boolean;
  click?: (item: MenuItemStandIn, window: undefined, event: Record<string, unknown>) => void;
  submenu?: MenuItemTemplate[] | MenuStandIn;
}

export class MenuItemStandIn {
  readonly label: string;
  readonly type: NonNullable<MenuItemTemplate['type']>;
  readonly enabled: boolean;
  checked: boolean;
  readonly submenu: MenuStandIn | undefined;
  private readonly onClick: MenuItemTemplate['click'];

  constructor(template: MenuItemTemplate) {
    this.label = template.label ?? '';
    this.submenu =
      template.submenu instanceof MenuStandIn
        ? template.submenu
        : template.submenu
          ? new MenuStandIn(template.submenu)
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

export class MenuStandIn {
  readonly items: MenuItemStandIn[];

  constructor(template: MenuItemTemplate[]) {
    this.items = template.map((item) => new MenuItemStandIn(item));
  }

  /** Every item, submenus included, depth first. */
  flatten(): MenuItemStandIn[] {
    return this.items.flatMap((item) => [item, ...(item.submenu?.flatten() ?? [])]);
  }
}

export const Menu = {
  buildFromTemplate: (template: MenuItemTemplate[]) => new MenuStandIn(template),
};

// ── Tray ────────────────────────────────────────────────────────────────────

export class TrayStandIn extends EventEmitter {
  image: NativeImageStandIn;
  /** Every image set, in order (the first is the constructor's). */
  readonly images: NativeImageStandIn[] = [];
  tooltip = '';
  menu: MenuStandIn | null = null;
  private destroyed = false;

  constructor(image: NativeImageStandIn | string, registry: TrayStandIn[]) {
    super();
    this.image = typeof image === 'string' ? new NativeImageStandIn(image) : image;
    this.images.push(this.image);
    registry.push(this);
  }

  setImage(image: NativeImageStandIn | string): void {
    this.image = typeof image === 'string' ? new NativeImageStandIn(image) : image;
    this.images.push(this.image);
  }

  setToolTip(text: string): void {
    this.tooltip = text;
  }

  setContextMenu(menu: MenuStandIn | null): void {
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

  menuItem(label: string): MenuItemStandIn | undefined {
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
    this.emit('click', new StandInEvent(), { x: 0, y: 0, width: 24, height: 24 });
  }
}

// ── Notification ────────────────────────────────────────────────────────────

export interface NotificationOptionsStandIn {
  title?: string;
  body?: string;
  id?: string;
  icon?: string;
  urgency?: string;
  [option: string]: unknown;
}

export class NotificationStandIn extends EventEmitter {
  shown = false;
  closed = false;

  constructor(
    readonly options: NotificationOptionsStandIn,
    private readonly registry: NotificationStandIn[],
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
    if (!this.shown) this.registry.push(this);
    this.shown = true;
    this.closed = false;
    this.emit('show', new StandInEvent());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', new StandInEvent());
  }

  /** Test control: the user clicks the notification. */
  click(): void {
    if (!this.shown || this.closed) throw new Error(`"${this.title}" is not on screen.`);
    this.emit('click', new StandInEvent());
  }
}

// ── nativeTheme ─────────────────────────────────────────────────────────────

export type ThemeSource = 'system' | 'light' | 'dark';

export class NativeThemeStandIn extends EventEmitter {
  private source: ThemeSource = 'system';
  /** What "the system" prefers; a test changes it with setSystemDark. */
  private systemDark = false;

  constructor(private readonly onChange: () => void) {
    super();
  }

  get themeSource(): ThemeSource {
    return this.source;
  }

  set themeSource(source: ThemeSource) {
    this.source = source;
    this.changed();
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
    this.changed();
  }

  private changed(): void {
    this.onChange();
    this.emit('updated');
  }
}

// ── safeStorage ─────────────────────────────────────────────────────────────

const CIPHER_PREFIX = Buffer.from('stand-in-v1:');
const CIPHER_KEY = Buffer.from('crosstrade-e2e-test-key');

function xor(data: Buffer): Buffer {
  return Buffer.from(
    data.map((byte, index) => byte ^ (CIPHER_KEY[index % CIPHER_KEY.length] ?? 0)),
  );
}

/** A reversible test cipher: no clear text in the bytes, and foreign bytes fail to decrypt. */
export class SafeStorageStandIn {
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
}

// ── shell, clipboard, net, screen ──────────────────────────────────────────

export type OpenExternalHandler = (url: string) => void | Promise<void>;

export class ShellStandIn {
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
}

export class ClipboardStandIn {
  text = '';
  readonly writes: string[] = [];

  writeText(text: string): void {
    this.text = text;
    this.writes.push(text);
  }

  readText(): string {
    return this.text;
  }
}

export class NetStandIn {
  online = true;

  isOnline(): boolean {
    return this.online;
  }
}

export interface DisplayStandIn {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  workArea: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
}

export class ScreenStandIn extends EventEmitter {
  displays: DisplayStandIn[] = [
    {
      id: 1,
      bounds: { x: 0, y: 0, width: 1920, height: 1080 },
      workArea: { x: 0, y: 0, width: 1920, height: 1040 },
      scaleFactor: 1,
    },
  ];

  getAllDisplays(): DisplayStandIn[] {
    return this.displays.map((display) => ({ ...display }));
  }

  getPrimaryDisplay(): DisplayStandIn {
    const first = this.displays[0];
    if (!first) throw new Error('No display.');
    return { ...first };
  }
}
