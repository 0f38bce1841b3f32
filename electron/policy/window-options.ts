// Pure decision: no Electron, no I/O; the adapters apply it.
//
// The window's security settings (Electron security checklist) and geometry. The window
// controller passes these to BrowserWindow unchanged; tests assert them exactly.
import { WINDOW_TITLE } from '../../shared/product';

export { WINDOW_TITLE };

/** The renderer's Content-Security-Policy: nothing but our own files, no inline script. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:";

export const DEFAULT_SIZE = { width: 920, height: 700 } as const;
export const MIN_SIZE = { width: 640, height: 480 } as const;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Context isolation, sandbox, no Node integration, web security, and the rest of Electron's security checklist. */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

export interface WindowOptionsInput {
  preload: string;
  bounds?: Rect;
  /** Window icon (Linux, Windows); macOS takes the bundle's. */
  icon?: string;
}

export function windowOptions(input: WindowOptionsInput) {
  return {
    title: WINDOW_TITLE,
    width: input.bounds?.width ?? DEFAULT_SIZE.width,
    height: input.bounds?.height ?? DEFAULT_SIZE.height,
    ...(input.bounds ? { x: input.bounds.x, y: input.bounds.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    autoHideMenuBar: true,
    ...(input.icon ? { icon: input.icon } : {}),
    webPreferences: secureWebPreferences(input.preload),
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function isRect(value: unknown): value is Rect {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every(
    (k) => typeof r[k] === 'number' && Number.isFinite(r[k]),
  );
}

/**
 * Saved bounds, if they still make sense on today's displays: at least a quarter of the window on
 * one display's work area (a disconnected monitor must not leave the window off-screen), and no
 * smaller than the minimum size or larger than that work area.
 */
export function restoreBounds(saved: unknown, workAreas: readonly Rect[]): Rect | undefined {
  if (!isRect(saved)) return undefined;
  const best = workAreas
    .map((area) => ({ area, shared: overlap(saved, area) }))
    .sort((a, b) => b.shared - a.shared)[0];
  if (!best || best.shared < (saved.width * saved.height) / 4) return undefined;
  const width = Math.min(Math.max(saved.width, MIN_SIZE.width), best.area.width);
  const height = Math.min(Math.max(saved.height, MIN_SIZE.height), best.area.height);
  return {
    x: Math.round(saved.x),
    y: Math.round(saved.y),
    width: Math.round(width),
    height: Math.round(height),
  };
}

/**
 * Whether a frame URL is our renderer page: same URL as the file we loaded, ignoring the hash and
 * the query (the window may route with either). Anything else is another document.
 */
export function isRendererUrl(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const url = new URL(frameUrl);
    url.hash = '';
    url.search = '';
    return url.href === new URL(rendererUrl).href;
  } catch {
    return false;
  }
}
