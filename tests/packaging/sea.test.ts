// The doctor as a single executable (Node's SEA) for a VPS without Node: built here for Linux by
// the same script the release uses, then run on its own with --demo.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
let out = '';

beforeAll(() => {
  mkdirSync(join(ROOT, '.state'), { recursive: true });
  out = mkdtempSync(join(ROOT, '.state', 'sea-'));
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'sea.mjs'), '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (build.status !== 0) throw new Error(`sea build failed:\n${build.stdout}\n${build.stderr}`);
}, 190_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the doctor as a single executable', () => {
  it('gives the healthy verdict with --demo, with no Node on the path', () => {
    const run = spawnSync(join(out, 'crosstrade-doctor'), ['--demo', '--no-color'], {
      cwd: tmpdir(),
      encoding: 'utf8',
      timeout: 60_000,
      // No node, npm or tsx to fall back on: the executable carries its own runtime.
      env: { PATH: '/nonexistent', HOME: out },
    });
    expect(run.stderr).not.toMatch(/Error|at .*\(/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/OK/);
  }, 70_000);
});
