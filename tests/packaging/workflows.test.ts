// The release pipeline cannot run here, so its workflows are at least proven well-formed: the
// same lint `npm test` runs, on the real files and on a deliberately broken copy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WORKFLOWS = join(ROOT, '.github', 'workflows');

function lint(dir: string) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'lint-workflows.mjs'), dir], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('workflow lint', () => {
  it('passes the real ci.yml and release.yml', () => {
    const result = lint(WORKFLOWS);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('ci.yml ok');
    expect(result.stdout).toContain('release.yml ok');
    expect(result.status).toBe(0);
  });

  it('fails a copy of release.yml with a misspelt key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-workflows-'));
    copyFileSync(join(WORKFLOWS, 'ci.yml'), join(dir, 'ci.yml'));
    const release = readFileSync(join(WORKFLOWS, 'release.yml'), 'utf8');
    expect(release).toContain('runs-on:');
    writeFileSync(join(dir, 'release.yml'), release.replace('runs-on:', 'runs_on:'));
    const result = lint(dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('ci.yml ok');
    expect(result.stderr).toContain('release.yml is not a valid workflow');
  });

  it('fails a workflow whose job has no steps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-workflows-'));
    writeFileSync(
      join(dir, 'ci.yml'),
      'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    step:\n      - run: true\n',
    );
    expect(lint(dir).status).toBe(1);
  });
});
