// The production window bundle (JS + CSS, gzipped) against the budget, measured on the built
// renderer in out/renderer. `npm test` builds before Vitest runs (scripts/test.mjs), so this needs
// no browser and reads exactly what the packaged app ships.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_BUDGET_KB, bundleReport, type BundleReport } from '../../scripts/build-renderer';

const RENDERER_DIR = resolve(import.meta.dirname, '..', '..', 'out', 'renderer');
const INDEX_HTML = join(RENDERER_DIR, 'index.html');

/** The built index.html and the sizes of its assets; fails, in one sentence, without a build. */
function built(): { html: string; report: BundleReport } {
  if (!existsSync(INDEX_HTML)) {
    throw new Error(`No built renderer at ${RENDERER_DIR}: run npm run build first.`);
  }
  return { html: readFileSync(INDEX_HTML, 'utf8'), report: bundleReport(RENDERER_DIR) };
}

describe('the production window bundle', () => {
  it('is the JS and CSS that index.html loads, and nothing else', () => {
    const { html, report } = built();
    const referenced = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)]
      .map((match) => match[1])
      .sort();
    const measured = report.files.map((f) => f.file.split('\\').join('/')).sort();
    expect(referenced.some((file) => file?.endsWith('.js'))).toBe(true);
    expect(referenced.some((file) => file?.endsWith('.css'))).toBe(true);
    expect(measured).toEqual(referenced);
  });

  it(`stays within ${BUNDLE_BUDGET_KB} KB gzipped (JS + CSS)`, () => {
    const { report } = built();
    expect(report.totalGzipBytes).toBeGreaterThan(0);
    expect(report.totalGzipBytes).toBeLessThanOrEqual(BUNDLE_BUDGET_KB * 1024);
  });
});
