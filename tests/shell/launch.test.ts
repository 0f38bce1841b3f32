// scripts/launch.mjs (npm start / npm run demo): the missing-binary sentence, and the launch itself
// with a stand-in Electron executable (a shell script that records what it was given).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

function launch(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [join(ROOT, 'scripts', 'launch.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

function standInElectron(): { dist: string; record: string } {
  const dist = mkdtempSync(join(tmpdir(), 'ct-electron-dist-'));
  const record = join(dist, 'record.txt');
  const executable = join(dist, 'electron');
  writeFileSync(
    executable,
    `#!/bin/sh\nprintf '%s\\n' "$@" > "${record}"\nprintf 'url=%s\\nprofile=%s\\n' "$CROSSTRADE_MCP_URL" "$CROSSTRADE_MONITOR_USER_DATA" >> "${record}"\nexit 7\n`,
  );
  chmodSync(executable, 0o755);
  return { dist, record };
}

describe('npm start and npm run demo', () => {
  it('try the electron package installer, then say in one sentence why not and exit non-zero', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ct-no-electron-'));
    for (const mode of ['start', 'demo']) {
      // The binary absent and the download mirror unreachable, with an empty download cache.
      const result = launch([mode], {
        ELECTRON_OVERRIDE_DIST_PATH: empty,
        ELECTRON_MIRROR: 'http://127.0.0.1:1/',
        electron_config_cache: mkdtempSync(join(tmpdir(), 'ct-electron-cache-')),
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^Downloading Electron \d+\.\d+\.\d+ for the first start/);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^The Electron binary is missing and its download failed \(.+\): .*"npm run doctor -- --demo"\.$/,
      );
      expect(lines[0]).not.toMatch(/\sat\s|node_modules/);
    }
  });

  it('runs Electron on the app folder and passes its exit status on', () => {
    const { dist, record } = standInElectron();
    const result = launch(['start', '--no-build', '--', '--inspect=0'], {
      ELECTRON_OVERRIDE_DIST_PATH: dist,
    });
    expect(result.status).toBe(7);
    expect(readFileSync(record, 'utf8').split('\n').slice(0, 3)).toEqual([
      ROOT,
      '--inspect=0',
      'url=',
    ]);
  });

  it('points the demo at a simulator on loopback, with its own profile folder', () => {
    const { dist, record } = standInElectron();
    const result = launch(['demo', '--no-build'], { ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(result.status).toBe(7);
    const lines = readFileSync(record, 'utf8').split('\n');
    expect(lines[0]).toBe(ROOT);
    expect(lines[1]).toMatch(/^url=http:\/\/127\.0\.0\.1:\d+\/v1\/api\/mcp$/);
    expect(lines[2]).toBe(`profile=${join(ROOT, '.state', 'demo-app')}`);
  });
});
