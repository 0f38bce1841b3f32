// Privacy: the audit never writes to the files it reads, and no secret from them (pasted
// CrossTrade tokens or other servers' secrets) reaches any output, log line or snapshot.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startClientAudit } from '../../electron/monitor/clients/auditor';
import { runClientsCommand } from '../../cli/clients';
import { formatClientReport } from '../../cli/clients-format';
import { scanClientConfigs } from '../../electron/monitor/clients/scan';
import type { ClientAuditReport } from '../../shared/client-audit';
import {
  diagnoseFindings,
  CANARIES,
  copyHome,
  fixtureEnvironment,
  hashTree,
  HOMES,
  OTHER_SERVERS,
  sink,
  type FixtureHome,
} from './helpers';

const HOME_NAMES: FixtureHome[] = ['windows', 'macos', 'linux'];
const SOURCES = path.resolve(import.meta.dirname, '../../electron/monitor/clients');

/** Any 10-character piece of the secret found in the output: a partial leak is a leak too. */
function leakedPart(output: string, secret: string, size = 10): string {
  for (let i = 0; i + size <= secret.length; i += 1) {
    const piece = secret.slice(i, i + size);
    if (output.includes(piece)) return piece;
  }
  return '';
}

/** Everything the audit can show or record about one fixture home. */
type Outputs = Record<
  'report' | 'rescanned' | 'text' | 'snapshot' | 'cliText' | 'cliJson' | 'logs',
  string
>;

async function everyOutput(home: FixtureHome): Promise<Outputs> {
  const logs: string[] = [];
  const log = (level: string, message: string): void => void logs.push(`${level} ${message}`);
  const environment = fixtureEnvironment(home);
  const { report } = await scanClientConfigs(environment, { log });
  const auditor = startClientAudit({ environment, watch: false, log });
  const rescanned = await auditor.rescan();
  auditor.stop();
  const snapshot = diagnoseFindings(report.findings);
  const cli = async (json: boolean): Promise<string> => {
    const stdout = sink();
    const stderr = sink();
    const projects = (environment.projectDirs ?? []).flatMap((dir) => ['--project', dir]);
    await runClientsCommand(
      [...(json ? ['--json'] : []), '--home', environment.home, ...projects],
      {
        stdout,
        stderr,
        env: {},
      },
    );
    return stdout.text() + stderr.text();
  };
  return {
    report: JSON.stringify(report),
    rescanned: JSON.stringify(rescanned),
    text: formatClientReport(report),
    snapshot: JSON.stringify(snapshot),
    cliText: await cli(false),
    cliJson: await cli(true),
    logs: logs.join('\n'),
  };
}

describe('the fixtures hold the secrets the canary looks for', () => {
  it('pastes every canary secret somewhere in a fixture home', () => {
    const all = HOME_NAMES.flatMap((home) =>
      [...hashTree(path.join(HOMES, home)).keys()].map((file) =>
        readFileSync(path.join(HOMES, home, file), 'utf8'),
      ),
    ).join('\n');
    for (const canary of CANARIES) expect(all).toContain(canary);
    for (const other of OTHER_SERVERS) expect(all).toContain(other);
  });
});

describe('no secret leaves the audit', () => {
  it.each(HOME_NAMES)(
    'the %s home: no canary or other server in any output, log or snapshot',
    async (home) => {
      const outputs = await everyOutput(home);
      expect(outputs.logs).not.toBe('');
      expect(JSON.parse(outputs.report) as ClientAuditReport).toHaveProperty('findings');
      for (const [name, output] of Object.entries(outputs)) {
        expect(output.length, name).toBeGreaterThan(0);
        for (const canary of CANARIES) {
          expect(leakedPart(output, canary), `${name} leaks ${canary}`).toBe('');
        }
        expect(output, name).not.toContain('CANARY');
        for (const other of OTHER_SERVERS)
          expect(output, `${name} mentions ${other}`).not.toContain(other);
      }
    },
  );
});

describe('the audit never writes', () => {
  it('leaves every fixture file as it was after scans and CLI runs', async () => {
    const before = hashTree(HOMES);
    for (const home of HOME_NAMES) await everyOutput(home);
    expect(hashTree(HOMES)).toEqual(before);
  });

  it('leaves every file of a watched home as it was through a watch cycle', async () => {
    const home = copyHome('linux');
    try {
      const before = hashTree(home.dir);
      let reported: () => void = () => undefined;
      const auditor = startClientAudit({
        environment: { home: home.dir, platform: 'linux', copiedHome: true },
        debounceMs: 50,
        onReport: () => reported(),
      });
      await auditor.rescan();
      expect(hashTree(home.dir)).toEqual(before);

      // Our own change (the trader editing a file) is the only one allowed.
      const rescanned = new Promise<void>((resolve) => (reported = resolve));
      const windsurf = path.join('.codeium', 'windsurf', 'mcp_config.json');
      writeFileSync(path.join(home.dir, windsurf), '{ "mcpServers": {} }\n');
      const afterEdit = hashTree(home.dir);
      await rescanned;
      auditor.stop();
      expect(hashTree(home.dir)).toEqual(afterEdit);
      expect(
        [...afterEdit].filter(([file, hash]) => before.get(file) !== hash).map(([file]) => file),
      ).toEqual([windsurf]);
    } finally {
      home.remove();
    }
  });

  it('imports no file-writing function', () => {
    const allowed = new Set([
      'open',
      'stat',
      'constants',
      'watch',
      'statSync',
      'readdirSync',
      'existsSync',
      'type FSWatcher',
    ]);
    const imported: string[] = [];
    let opens = 0;
    for (const file of readdirSync(SOURCES)) {
      const source = readFileSync(path.join(SOURCES, file), 'utf8');
      for (const match of source.matchAll(
        /import\s*\{([^}]*)\}\s*from\s*'node:fs(?:\/promises)?'/g,
      )) {
        imported.push(
          ...(match[1] ?? '')
            .split(',')
            .map((n) => n.trim())
            .filter(Boolean),
        );
      }
      // No whole-module fs import (it would hide which functions are used), no require, no write flag.
      expect(source, file).not.toMatch(
        /import\s+(\w+|\*\s*as\s+\w+)[^;]*from\s*'(node:)?fs(\/promises)?'|require\(|flag:\s*'[wa+]/,
      );
      // Every file is opened read-only.
      for (const call of source.matchAll(/\bawait open\(([^;]*)\);/g)) {
        opens += 1;
        expect(call[1], file).toMatch(/constants\.O_RDONLY/);
        expect(call[1], file).not.toMatch(/O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/);
      }
    }
    expect(imported).toContain('open');
    expect(opens).toBeGreaterThan(0);
    for (const name of imported) expect(allowed, `imports ${name}`).toContain(name);
  });
});
