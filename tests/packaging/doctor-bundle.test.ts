// The doctor as `npm run build` ships it: one bundled ES module that plain Node runs, with no
// TypeScript compiler and no tsx. Built here into its own folder (inside the project, so the
// dependencies left external still resolve from node_modules) so it never races out/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
let out = '';

beforeAll(() => {
  mkdirSync(join(ROOT, '.state'), { recursive: true });
  out = mkdtempSync(join(ROOT, '.state', 'doctor-bundle-'));
  const build = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'build.mjs'), '--doctor-only', '--out', out],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
}, 130_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('out/cli/doctor.mjs', () => {
  it('gives the healthy verdict with plain node, from another working directory', () => {
    const run = spawnSync(process.execPath, [join(out, 'cli', 'doctor.mjs'), '--demo'], {
      cwd: tmpdir(),
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.stderr).not.toMatch(/Error|tsx/);
    expect(run.stdout).toContain('All checks passed');
    expect(run.status).toBe(0);
  });

  it('is one ES module that inlines its dependencies except the native keychain addon', () => {
    const code = readFileSync(join(out, 'cli', 'doctor.mjs'), 'utf8');
    const specifiers = [
      ...code.matchAll(/^\s*import\b[^;]*?\bfrom\s*["']([^"']+)["']/gm),
      ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    ].map((match) => match[1] ?? '');
    const packages = specifiers.filter((name) => !isBuiltin(name) && !/^(node:|\.)/.test(name));
    expect(specifiers.length).toBeGreaterThan(0);
    expect(packages.filter((name) => name !== '@napi-rs/keyring')).toEqual([]);
  });
});
