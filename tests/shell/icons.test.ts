// Reads the generated tray images back: size, transparency, and one distinct colour per level.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEVELS, type Level } from '../../shared/health';
import {
  ICO_SIZES,
  LEVEL_COLOURS,
  TRAY_SIZES,
  trayIconFiles,
} from '../../electron/policy/tray-icon';
import { generateIcons } from '../../scripts/icons';
import { decodePng, pixelAt, readIco, type DecodedPng } from './png';

let trayDir = '';
let buildDir = '';

beforeAll(() => {
  const outDir = mkdtempSync(join(tmpdir(), 'ct-icons-'));
  buildDir = mkdtempSync(join(tmpdir(), 'ct-icons-build-'));
  trayDir = generateIcons({ outDir, buildDir }).trayDir;
});

function png(file: string): DecodedPng {
  return decodePng(readFileSync(join(trayDir, file)));
}

function hex(colour: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as [number, number, number];
}

function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
}

/** The most common colour among fully opaque, non-white pixels (the glyphs are white). */
function dominantColour(image: DecodedPng): [number, number, number] {
  const counts = new Map<string, number>();
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const [r, g, b, a] = pixelAt(image, x, y);
      if (a < 255 || (r > 240 && g > 240 && b > 240)) continue;
      const key = `${r},${g},${b}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!best) throw new Error('no opaque pixel');
  return best[0].split(',').map(Number) as [number, number, number];
}

function corners(image: DecodedPng): number[] {
  const w = image.width - 1;
  const h = image.height - 1;
  return [
    pixelAt(image, 0, 0),
    pixelAt(image, w, 0),
    pixelAt(image, 0, h),
    pixelAt(image, w, h),
  ].map((p) => p[3]);
}

/** Which pixels are at least half opaque. */
function alphaMask(image: DecodedPng): boolean[] {
  const mask: boolean[] = [];
  for (let i = 3; i < image.pixels.length; i += 4) mask.push(image.pixels[i]! >= 128);
  return mask;
}

describe('tray icons read back from PNG', () => {
  it('generates every file the tray can load', () => {
    for (const file of trayIconFiles())
      expect(() => readFileSync(join(trayDir, file))).not.toThrow();
  });

  it('has the right size at 1x and @2x, in 8-bit RGBA', () => {
    for (const level of LEVELS) {
      for (const size of TRAY_SIZES) {
        const one = png(`${level}-${size}.png`);
        const two = png(`${level}-${size}@2x.png`);
        expect([one.width, one.height, one.colourType, one.bitDepth]).toEqual([size, size, 6, 8]);
        expect([two.width, two.height]).toEqual([size * 2, size * 2]);
      }
      expect(png(`${level}Template.png`).width).toBe(16);
      expect(png(`${level}Template@2x.png`).width).toBe(32);
    }
  });

  it('is transparent around the shape and solid inside it', () => {
    for (const level of LEVELS) {
      for (const file of [`${level}-16.png`, `${level}-32@2x.png`, `${level}Template@2x.png`]) {
        const image = png(file);
        expect(corners(image)).toEqual([0, 0, 0, 0]);
        let solid = 0;
        for (let i = 3; i < image.pixels.length; i += 4) if (image.pixels[i]! >= 128) solid++;
        expect(solid / (image.width * image.height)).toBeGreaterThan(0.1);
      }
    }
  });

  it('gives each level its own colour, the one the policy names', () => {
    const seen = new Map<Level, [number, number, number]>();
    for (const level of LEVELS) {
      for (const file of [`${level}-16.png`, `${level}-24.png`, `${level}-32@2x.png`]) {
        const colour = dominantColour(png(file));
        expect(distance(colour, hex(LEVEL_COLOURS[level]))).toBeLessThan(24);
      }
      seen.set(level, dominantColour(png(`${level}-24.png`)));
    }
    for (const a of LEVELS) {
      for (const b of LEVELS)
        if (a !== b) expect(distance(seen.get(a)!, seen.get(b)!)).toBeGreaterThan(80);
    }
  });

  it('draws macOS template images in black and alpha only, with the glyph cut out', () => {
    for (const level of LEVELS) {
      const image = png(`${level}Template@2x.png`);
      for (let i = 0; i < image.pixels.length; i += 4) {
        if (image.pixels[i + 3]! > 0)
          expect([image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]]).toEqual([0, 0, 0]);
      }
    }
    // The check mark is a hole in the ok disc: transparent where the colour icon is white.
    const template = png('okTemplate@2x.png');
    const colour = png('ok-16@2x.png');
    let holes = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixelAt(colour, x, y);
        if (a === 255 && r > 250 && g > 250 && b > 250 && pixelAt(template, x, y)[3] < 64) holes++;
      }
    }
    expect(holes).toBeGreaterThan(10);
  });

  it('tells the levels apart by shape alone: the template masks differ pairwise', () => {
    // A macOS template keeps only alpha, so the shape (outline and cut-out glyph) is all that
    // distinguishes the levels there; a description string in the policy proves nothing.
    for (const file of ['Template.png', 'Template@2x.png']) {
      const masks = LEVELS.map((level) => alphaMask(png(`${level}${file}`)));
      for (let a = 0; a < masks.length; a++) {
        for (let b = a + 1; b < masks.length; b++) {
          const differing = masks[a]!.filter((opaque, i) => opaque !== masks[b]![i]).length;
          expect(
            differing / masks[a]!.length,
            `${LEVELS[a]} vs ${LEVELS[b]} (${file})`,
          ).toBeGreaterThan(0.05);
        }
      }
    }
  });

  it('packs each level into a Windows ICO with every size', () => {
    for (const level of LEVELS) {
      const images = readIco(readFileSync(join(trayDir, `${level}.ico`)));
      expect(images.map((i) => i.width)).toEqual([...ICO_SIZES]);
      for (const image of images) {
        const decoded = decodePng(image.png);
        expect([decoded.width, decoded.height]).toEqual([image.width, image.height]);
      }
    }
  });

  it('writes the installer icons for electron-builder', () => {
    expect(decodePng(readFileSync(join(buildDir, 'icon.png'))).width).toBe(1024);
    const sizes = readIco(readFileSync(join(buildDir, 'icon.ico'))).map((i) => i.width);
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });
});
