import { describe, expect, it } from 'vitest';
import { LEVELS } from '../../../shared/health';
import {
  LEVEL_COLOURS,
  trayClickOpensWindow,
  trayIconFile,
  trayIconFiles,
} from '../../../electron/policy/tray-icon';

describe('tray icon per level', () => {
  it('uses a template image on macOS, an ICO on Windows and a 24 px PNG on Linux', () => {
    expect(trayIconFile('error', 'darwin')).toBe('errorTemplate.png');
    expect(trayIconFile('error', 'win32')).toBe('error.ico');
    expect(trayIconFile('error', 'linux')).toBe('error-24.png');
  });

  it('gives every level its own file and colour on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const files = LEVELS.map((level) => trayIconFile(level, platform));
      expect(new Set(files).size).toBe(LEVELS.length);
    }
    expect(new Set(Object.values(LEVEL_COLOURS)).size).toBe(LEVELS.length);
    // Shapes are checked on the generated images: tests/shell/icons.test.ts.
  });

  it('lists every file the tray can load among the generated files', () => {
    const generated = new Set(trayIconFiles());
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const level of LEVELS) expect(generated).toContain(trayIconFile(level, platform));
    }
    for (const level of LEVELS) {
      expect(generated).toContain(`${level}Template@2x.png`);
      for (const size of [16, 24, 32]) {
        expect(generated).toContain(`${level}-${size}.png`);
        expect(generated).toContain(`${level}-${size}@2x.png`);
      }
    }
  });

  it('opens the window on a click except on macOS, where a click opens the menu', () => {
    expect(trayClickOpensWindow('win32')).toBe(true);
    expect(trayClickOpensWindow('linux')).toBe(true);
    expect(trayClickOpensWindow('darwin')).toBe(false);
  });
});
