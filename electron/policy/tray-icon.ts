// Pure decision: no Electron, no I/O; the adapters apply it.
//
// Which tray image stands for which level, per platform. The images are generated from the SVG
// sources in build/icons/ by scripts/icons.ts into out/icons/tray/ (see TRAY_ICON_FILES).
import type { Level } from '../../shared/health';

/** Colour of each level's tray icon; scripts/icons.ts checks the SVG sources use exactly these. */
export const LEVEL_COLOURS: Readonly<Record<Level, string>> = {
  ok: '#1e9e4a',
  warning: '#f2a100',
  error: '#d93025',
  unknown: '#8a9099',
};

// Shapes tell the levels apart without colour (macOS template images, colour blindness): ok is a
// disc with a check mark, warning a triangle with an exclamation mark, error an octagon with a
// cross, unknown a ring with a bar. The SVG sources in build/icons/ draw them.

/** Logical tray sizes in px; each also exists at @2x. */
export const TRAY_SIZES = [16, 24, 32] as const;
/** Sizes inside each Windows .ico. */
export const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64] as const;

/** Folder (below out/) that holds the tray images. */
export const TRAY_ICON_DIR = 'icons/tray';

/**
 * File name of the tray image for a level on a platform, relative to out/icons/tray/.
 * macOS: a template image (Electron picks `…Template@2x.png` on Retina by itself; the menu bar
 * recolours it for dark and light). Windows: a multi-size ICO. Linux: a 24 px PNG (+ @2x).
 */
export function trayIconFile(level: Level, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `${level}Template.png`;
  if (platform === 'win32') return `${level}.ico`;
  return `${level}-24.png`;
}

/** Every file the tray may load: what scripts/icons.ts must produce and the package must hold. */
export function trayIconFiles(): string[] {
  const files: string[] = [];
  for (const level of ['ok', 'warning', 'error', 'unknown'] as const) {
    for (const size of TRAY_SIZES) files.push(`${level}-${size}.png`, `${level}-${size}@2x.png`);
    files.push(`${level}Template.png`, `${level}Template@2x.png`, `${level}.ico`);
  }
  return files;
}

/**
 * A click on the tray icon opens the window on Windows and Linux desktops that report clicks.
 * On macOS a click opens the menu (platform convention), which has "Open" first.
 */
export function trayClickOpensWindow(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}
