// Builds the window with Vite and reports the production bundle (JS + CSS, gzipped) against the
// budget. `tsx scripts/build-renderer.ts [--out DIR] [--budget-kb N]`; exits 1 over budget.
// The browser tests import buildRenderer() to build into a temporary folder.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const BUNDLE_BUDGET_KB = 120;
const ROOT = resolve(import.meta.dirname, '..');
const CONFIG_FILE = join(ROOT, 'vite.config.ts');

export interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  files: BundleFile[];
  totalBytes: number;
  totalGzipBytes: number;
}

/** Builds the renderer into `outDir` (default out/renderer) without printing Vite's log. */
export async function buildRenderer(outDir?: string): Promise<string> {
  const target = outDir ? resolve(outDir) : join(ROOT, 'out', 'renderer');
  // Vite and the React plugin read NODE_ENV: a test runner's `test` would bundle React's
  // development build and JSX runtime. Build as production whoever calls.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: CONFIG_FILE,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: target, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return target;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Sizes of every .js and .css file the build produced, raw and gzipped (level 9). */
export function bundleReport(outDir: string): BundleReport {
  const files = walk(outDir)
    .filter((path) => ['.js', '.css'].includes(extname(path)))
    .map((path) => {
      const content = readFileSync(path);
      return {
        file: relative(outDir, path),
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
      };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
  return {
    files,
    totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
  };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function formatReport(report: BundleReport, budgetKb = BUNDLE_BUDGET_KB): string {
  const width = Math.max(...report.files.map((f) => f.file.length), 5);
  const lines = report.files.map(
    (f) =>
      `  ${f.file.padEnd(width)}  ${kb(f.bytes).padStart(9)}  ${kb(f.gzipBytes).padStart(9)} gzip`,
  );
  const total = `  ${'total'.padEnd(width)}  ${kb(report.totalBytes).padStart(9)}  ${kb(report.totalGzipBytes).padStart(9)} gzip`;
  const verdict =
    report.totalGzipBytes <= budgetKb * 1024
      ? `within the ${budgetKb} KB budget`
      : `OVER the ${budgetKb} KB budget`;
  return [
    'Renderer bundle (JS + CSS):',
    ...lines,
    total,
    `Production bundle: ${kb(report.totalGzipBytes)} gzipped, ${verdict}.`,
  ].join('\n');
}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const budgetKb = Number(option(args, '--budget-kb') ?? BUNDLE_BUDGET_KB);
  const outDir = await buildRenderer(option(args, '--out'));
  const report = bundleReport(outDir);
  console.log(formatReport(report, budgetKb));
  return report.totalGzipBytes <= budgetKb * 1024 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
