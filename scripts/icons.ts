// Renders the icons from the SVG sources in build/icons/ with @resvg/resvg-js:
// - out/icons/tray/: per level 16/24/32 px PNGs and their @2x, macOS template images
//   (<level>Template.png + @2x) and a multi-size Windows ICO — the files the tray loads;
// - out/icons/app.png: the window and notification icon;
// - build/generated/icon.png (1024 px) and icon.ico: electron-builder's installer icons.
// `tsx scripts/icons.ts [--out DIR] [--build-dir DIR]`; also imported by build.mjs and the tests.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { LEVELS, type Level } from '../shared/health';
import { ICO_SIZES, LEVEL_COLOURS, TRAY_SIZES } from '../electron/policy/tray-icon';

const ROOT = resolve(import.meta.dirname, '..');
export const ICON_SOURCE_DIR = join(ROOT, 'build', 'icons');
export const APP_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export interface IconOptions {
  sourceDir?: string;
  /** Receives icons/tray/… and icons/app.png; default out/. */
  outDir?: string;
  /** Receives icon.png and icon.ico for electron-builder; default build/generated/. */
  buildDir?: string;
}

export interface GeneratedIcons {
  trayDir: string;
  files: string[];
}

export function renderSvg(svg: string, size: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: size },
    background: 'rgba(0,0,0,0)',
    font: { loadSystemFonts: false },
  });
  return Buffer.from(resvg.render().asPng());
}

/** A Windows ICO holding PNG images (Vista and later), one per size. */
export function packIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

function readSource(dir: string, name: string): string {
  return readFileSync(join(dir, `${name}.svg`), 'utf8');
}

/** The coloured sources must use the colour the policy names for their level. */
function checkColour(level: Level, svg: string): void {
  if (!svg.toLowerCase().includes(LEVEL_COLOURS[level])) {
    throw new Error(
      `build/icons/${level}.svg does not use ${LEVEL_COLOURS[level]} (policy/tray-icon.ts).`,
    );
  }
}

export function generateIcons(options: IconOptions = {}): GeneratedIcons {
  const sourceDir = options.sourceDir ?? ICON_SOURCE_DIR;
  const outDir = options.outDir ?? join(ROOT, 'out');
  const buildDir = options.buildDir ?? join(ROOT, 'build', 'generated');
  const trayDir = join(outDir, 'icons', 'tray');
  mkdirSync(trayDir, { recursive: true });
  mkdirSync(buildDir, { recursive: true });
  const files: string[] = [];
  const write = (path: string, data: Buffer) => {
    writeFileSync(path, data);
    files.push(path);
  };

  for (const level of LEVELS) {
    const colour = readSource(sourceDir, level);
    checkColour(level, colour);
    for (const size of TRAY_SIZES) {
      write(join(trayDir, `${level}-${size}.png`), renderSvg(colour, size));
      write(join(trayDir, `${level}-${size}@2x.png`), renderSvg(colour, size * 2));
    }
    const template = readSource(sourceDir, `${level}Template`);
    write(join(trayDir, `${level}Template.png`), renderSvg(template, 16));
    write(join(trayDir, `${level}Template@2x.png`), renderSvg(template, 32));
    write(
      join(trayDir, `${level}.ico`),
      packIco(ICO_SIZES.map((size) => ({ size, png: renderSvg(colour, size) }))),
    );
  }

  const app = readSource(sourceDir, 'app');
  write(join(outDir, 'icons', 'app.png'), renderSvg(app, 256));
  write(join(buildDir, 'icon.png'), renderSvg(app, 1024));
  write(
    join(buildDir, 'icon.ico'),
    packIco(APP_ICON_SIZES.map((size) => ({ size, png: renderSvg(app, size) }))),
  );
  return { trayDir, files };
}

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outDir = argValue(args, '--out');
  const buildDir = argValue(args, '--build-dir');
  const { files } = generateIcons({
    ...(outDir ? { outDir: resolve(outDir) } : {}),
    ...(buildDir ? { buildDir: resolve(buildDir) } : {}),
  });
  console.log(`icons: ${files.length} files`);
}
