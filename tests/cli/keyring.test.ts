// The doctor's sign-in in the OS keychain: the real Secret Service (gnome-keyring in a private
// D-Bus session, as .ci/run installs it), and the owner-only file when no keychain answers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const PROBE = join(ROOT, 'tests', 'cli', 'keyring-probe.ts');

interface ProbeResult {
  kind: 'keyring' | 'file' | 'other';
  warnings: string[];
  migrated?: unknown;
  fileAfterSave?: { mode: number; text: string };
  readBack?: unknown;
  afterClear: unknown;
}

function probe(command: string, args: string[], env: NodeJS.ProcessEnv): ProbeResult {
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    throw new Error(`probe failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  return JSON.parse(line) as ProbeResult;
}

const SAVED = { clientId: 'probe-client', tokens: { access_token: 'probe-access' } };

describe('the doctor token store', () => {
  it('keeps the sign-in in the Secret Service, not in a file, and moves an old file there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-keyring-'));
    const old = { clientId: 'old-client', tokens: { access_token: 'old-access' } };
    writeFileSync(join(dir, 'auth.json'), JSON.stringify(old), { mode: 0o600 });
    const home = mkdtempSync(join(tmpdir(), 'ct-keyring-home-'));
    const script =
      'echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; ' +
      `exec "${process.execPath}" --import tsx "${PROBE}" "${dir}" https://mcp.example.test:8443/v1/api/mcp`;
    const result = probe('dbus-run-session', ['--', 'sh', '-c', script], {
      ...process.env,
      HOME: home,
      XDG_DATA_HOME: join(home, 'data'),
      XDG_RUNTIME_DIR: home,
    });
    expect(result.warnings).toEqual([]);
    expect(result.kind).toBe('keyring');
    expect(result.migrated).toEqual(old);
    expect(result.fileAfterSave).toBeUndefined();
    expect(result.readBack).toEqual(SAVED);
    expect(result.afterClear).toBeNull();
  });

  it('falls back to an owner-only file with a one-line warning when no keychain answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-keyring-fallback-'));
    const result = probe(
      process.execPath,
      ['--import', 'tsx', PROBE, dir, 'https://mcp.example.test/v1/api/mcp'],
      { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/ct-bus' },
    );
    expect(result.kind).toBe('file');
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^doctor: warning: no OS keychain answered; .*auth\.json/);
    expect(result.warnings[0]).not.toContain('\n');
    expect(result.fileAfterSave?.mode).toBe(0o600);
    expect(JSON.parse(result.fileAfterSave?.text ?? '')).toEqual(SAVED);
    expect(result.readBack).toEqual(SAVED);
    expect(result.afterClear).toBeNull();
  });
});
