// Where the built app's files are, relative to the main bundle (out/main/main.cjs):
// out/main/preload.cjs, out/renderer/index.html, out/icons/…
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TRAY_ICON_DIR } from './policy/tray-icon';

export interface AppPaths {
  mainDir: string;
  preload: string;
  rendererIndex: string;
  /** file:// URL of the renderer page: the only document trusted to talk to main. */
  rendererUrl: string;
  trayIconDir: string;
  /** The window icon (Linux, Windows). */
  appIcon: string;
}

export function appPaths(mainDir: string): AppPaths {
  const outDir = dirname(mainDir);
  const rendererIndex = join(outDir, 'renderer', 'index.html');
  return {
    mainDir,
    preload: join(mainDir, 'preload.cjs'),
    rendererIndex,
    rendererUrl: pathToFileURL(rendererIndex).href,
    trayIconDir: join(outDir, ...TRAY_ICON_DIR.split('/')),
    appIcon: join(outDir, 'icons', 'app.png'),
  };
}

/** The folder of the running main bundle. */
export function mainDirOf(moduleUrl: string): string {
  return dirname(fileURLToPath(moduleUrl));
}
