// Shared by the client-audit tests: the fixture homes, their environments, and file hashing.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientEnvironment } from '../../electron/monitor/clients/locations';
import { diagnose } from '../../shared/diagnose';
import type { ClientFinding, HealthSnapshot } from '../../shared/health';

export const HOMES = path.resolve(import.meta.dirname, '../fixtures/homes');

export type FixtureHome = 'windows' | 'macos' | 'linux';

export const MACOS_PROJECT = path.join(HOMES, 'macos', 'Projects', 'trading-agent');

/**
 * The environment each fixture home stands for: a copied home, so the project folders its
 * .claude.json lists are read inside the fixture. The macOS one also names its project folder, as
 * the working folder would (the same folder .claude.json lists: it is read once).
 */
export function fixtureEnvironment(home: FixtureHome): ClientEnvironment {
  const dir = path.join(HOMES, home);
  if (home === 'windows') return { home: dir, platform: 'win32', copiedHome: true };
  if (home === 'macos')
    return { home: dir, platform: 'darwin', projectDirs: [MACOS_PROJECT], copiedHome: true };
  return { home: dir, platform: 'linux', copiedHome: true };
}

/**
 * Every secret pasted in the fixtures: CrossTrade tokens and other servers' secrets. Each holds
 * "CANARY", so a search for that word also catches one that is only partly leaked.
 */
export const CANARIES = [
  'ctmcp_CANARY_4f9d2a7c1e8b6035d1a9',
  'ghp_CANARYunrelated8Xk2PqLm5Rt7Vw9Yz1Ab3',
  'lin_api_CANARYunrelated0a9b8c7d6e5f4g3h2',
  'jk_CANARYunrelated_2b7e9f4a1c6d3e8b',
  'sntrys_CANARYunrelated_9d8c7b6a5f4e3d2c1b0a',
  'github_pat_CANARYunrelated_11AB2CD3EF4GH5IJ6KL7',
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJDQU5BUlkifQ.CANARYsig_3kq9Zx7Lm2Pw',
  'sbp_CANARYunrelated5e1f0c3a9d7b2e8f4c6a',
  'sk-ant-api03-CANARYunrelated-7hJ2kL9mN4pQ',
  'BSA_CANARYunrelated_Q8w2E4r6T8y0U2i4',
  'ct_pat_CANARY_9b1e4c7a2d8f3065e7b1',
  'sk_live_CANARYunrelated_51Hx2Ka9Lm3Np7Qr',
  'sk-proj-CANARYunrelated-Xy7Zw3Vu1Ts9Rq5P',
  'ctmcp_CANARY_args_5a2c8e1f7b3d9046',
  'ctk_CANARY_hdr_7e3a9c1f5b2d8046',
  'pk_CANARYunrelated_3f8e1a6c9b2d7045',
] as const;

/** Things in the fixtures that are not secrets but must not leave the parser either. */
export const OTHER_SERVERS = [
  'server-github',
  'linear.app',
  'journal-server',
  'sentry',
  'supabase',
  'brave',
  'stripe',
  'trader@example.com',
  'mcp-server-fetch',
  'SQLite',
  'polygon',
];

/** Relative path → sha256 of every file under `root`. */
export function hashTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        out.set(
          path.relative(root, full),
          createHash('sha256').update(readFileSync(full)).digest('hex'),
        );
    }
  };
  walk(root);
  return out;
}

/** A throw-away copy of a fixture home, for tests that write. */
export function copyHome(home: FixtureHome): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `ct-clients-${home}-`));
  cpSync(path.join(HOMES, home), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A writable stand-in for stdout/stderr. */
export function sink(): { write: (chunk: string) => boolean; text: () => string } {
  const chunks: string[] = [];
  return { write: (chunk) => (chunks.push(chunk), true), text: () => chunks.join('') };
}

/** What diagnose makes of these audit findings on a check that saw nothing else. */
export function diagnoseFindings(findings: ClientFinding[]): HealthSnapshot {
  return diagnose({
    checkedAt: '2026-01-05T14:00:00.000Z',
    serverUrl: 'https://app.crosstrade.io/v1/api/mcp',
    token: { state: 'signed_in', refreshTokenPresent: true },
    calls: [],
    nt8Process: 'unknown',
    clientFindings: findings,
  });
}

/** Fixture homes for one install layout each (tests/fixtures/homes/layouts/). */
export const LAYOUT_HOMES = {
  /** Claude Desktop installed as an MSIX package, nothing else. */
  'windows-msix': 'win32',
  /** The MSIX file beside an old %APPDATA%\Claude copy that Claude no longer reads. */
  'windows-msix-stale': 'win32',
  'vscode-insiders': 'linux',
  /** The default VS Code profile and one more, each with its own entry. */
  'vscode-profile': 'darwin',
  'cline-cursor': 'win32',
  'continue-mcpservers': 'linux',
} as const satisfies Record<string, ClientEnvironment['platform']>;

export type LayoutHome = keyof typeof LAYOUT_HOMES;

export function layoutEnvironment(home: LayoutHome): ClientEnvironment {
  return {
    home: path.join(HOMES, 'layouts', home),
    platform: LAYOUT_HOMES[home],
    copiedHome: true,
  };
}
