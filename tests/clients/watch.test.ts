// The watcher and the running audit, on temporary copies of fixture homes (never the fixtures).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startClientAudit } from '../../electron/monitor/clients/auditor';
import { scanClientConfigs } from '../../electron/monitor/clients/scan';
import { watchClientConfigs } from '../../electron/monitor/clients/watch';
import type { ClientAuditReport } from '../../shared/client-audit';
import { EXPECTED_FINDINGS } from './expected';
import { copyHome } from './helpers';

const DEBOUNCE_MS = 80;
/** Long enough after a burst for a second, wrongful callback to have come. */
const QUIET_MS = DEBOUNCE_MS * 5;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts callbacks; `next()` resolves on the next one. */
function counter() {
  let count = 0;
  let waiting: Array<() => void> = [];
  return {
    onChange: () => {
      count += 1;
      const resolve = waiting;
      waiting = [];
      for (const r of resolve) r();
    },
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    get count() {
      return count;
    },
  };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

async function watchedHome(name: 'windows' | 'linux') {
  const home = copyHome(name);
  cleanups.push(home.remove);
  const environment = {
    home: home.dir,
    platform: name === 'windows' ? ('win32' as const) : ('linux' as const),
  };
  const { candidates, roots } = await scanClientConfigs(environment);
  const calls = counter();
  const stop = watchClientConfigs(candidates, calls.onChange, { debounceMs: DEBOUNCE_MS, roots });
  cleanups.push(stop);
  return { dir: home.dir, calls, stop };
}

describe('watchClientConfigs', () => {
  it('calls back once for a burst of writes, then again for a later change', async () => {
    const { dir, calls } = await watchedHome('windows');
    const cursor = path.join(dir, '.cursor', 'mcp.json');
    const first = calls.next();
    for (let i = 0; i < 10; i += 1) writeFileSync(cursor, `{ "mcpServers": {} }\n${' '.repeat(i)}`);
    writeFileSync(path.join(dir, '.claude.json'), '{}\n');
    await first;
    await sleep(QUIET_MS);
    expect(calls.count).toBe(1);

    const second = calls.next();
    writeFileSync(cursor, '{}\n');
    await second;
    expect(calls.count).toBe(2);
  });

  it('still looks during a burst that never pauses, but not at every write', async () => {
    const home = copyHome('windows');
    cleanups.push(home.remove);
    const { candidates, roots } = await scanClientConfigs({ home: home.dir, platform: 'win32' });
    const calls = counter();
    const stop = watchClientConfigs(candidates, calls.onChange, {
      debounceMs: DEBOUNCE_MS,
      maxWaitMs: 300,
      roots,
    });
    cleanups.push(stop);
    const file = path.join(home.dir, '.claude.json');
    // A write every 20 ms for 1.2 s: never DEBOUNCE_MS of quiet.
    for (let i = 0; i < 60; i += 1) {
      writeFileSync(file, `{ "numStartups": ${i} }\n`);
      await sleep(20);
    }
    const during = calls.count;
    expect(during).toBeGreaterThanOrEqual(2);
    expect(during).toBeLessThanOrEqual(10);
  });

  it('ignores other files in a watched folder', async () => {
    const { dir, calls } = await watchedHome('windows');
    writeFileSync(path.join(dir, 'notes.txt'), 'not a client setting\n');
    writeFileSync(path.join(dir, '.cursor', 'rules.md'), 'not a client setting\n');
    await sleep(QUIET_MS);
    expect(calls.count).toBe(0);
    const change = calls.next();
    writeFileSync(path.join(dir, '.cursor', 'mcp.json'), '{}\n');
    await change;
    expect(calls.count).toBe(1);
  });

  it('notices a client installed after the watch started', async () => {
    const { dir, calls } = await watchedHome('linux');
    const change = calls.next();
    mkdirSync(path.join(dir, '.cursor'));
    writeFileSync(path.join(dir, '.cursor', 'mcp.json'), '{}\n');
    await change;
    // The new folder is watched from then on.
    const again = calls.next();
    writeFileSync(path.join(dir, '.cursor', 'mcp.json'), '{ "mcpServers": {} }\n');
    await again;
    expect(calls.count).toBeGreaterThanOrEqual(2);
  });

  it('stays silent once stopped', async () => {
    const { dir, calls, stop } = await watchedHome('windows');
    stop();
    writeFileSync(path.join(dir, '.cursor', 'mcp.json'), '{}\n');
    await sleep(QUIET_MS);
    expect(calls.count).toBe(0);
  });
});

describe('startClientAudit', () => {
  it('scans at start, again when a file changes, and on demand', async () => {
    const home = copyHome('windows');
    cleanups.push(home.remove);
    const reports: ClientAuditReport[] = [];
    let onReport: () => void = () => undefined;
    const auditor = startClientAudit({
      environment: { home: home.dir, platform: 'win32' },
      debounceMs: DEBOUNCE_MS,
      onReport: (report) => {
        reports.push(report);
        onReport();
      },
    });
    cleanups.push(() => auditor.stop());
    const first = await auditor.rescan();
    expect(first.findings).toEqual(EXPECTED_FINDINGS.windows);
    expect(auditor.latest).toBe(first);

    const changed = new Promise<void>((resolve) => (onReport = resolve));
    writeFileSync(
      path.join(home.dir, '.cursor', 'mcp.json'),
      '{ "mcpServers": { "crosstrade": { "url": "https://app.crosstrade.io/v1/api/mcp" } } }\n',
    );
    await changed;
    const cursorFixed = EXPECTED_FINDINGS.windows.filter((f) => f.client !== 'Cursor');
    expect(reports.at(-1)?.findings).toEqual(cursorFixed);
    expect(auditor.latest?.findings).toEqual(cursorFixed);
  });

  it('does not re-audit a file rewritten with the same bytes, nor ask for a check', async () => {
    const home = copyHome('windows');
    cleanups.push(home.remove);
    let findingChanges = 0;
    const auditor = startClientAudit({
      environment: { home: home.dir, platform: 'win32' },
      debounceMs: DEBOUNCE_MS,
      onFindingsChanged: () => (findingChanges += 1),
    });
    cleanups.push(() => auditor.stop());
    await auditor.rescan();
    const scans = auditor.scans;
    const changesAtStart = findingChanges;
    const file = path.join(home.dir, '.claude.json');
    const text = readFileSync(file, 'utf8');
    for (let i = 0; i < 5; i += 1) {
      writeFileSync(file, text);
      await sleep(DEBOUNCE_MS * 2);
    }
    await sleep(QUIET_MS);
    expect(auditor.scans).toBe(scans);

    // Other bytes, the same CrossTrade entries: one audit, still no check.
    writeFileSync(file, text.replace('{', '{ "numStartups": 999,'));
    await vi.waitFor(() => expect(auditor.scans).toBe(scans + 1));
    await sleep(QUIET_MS);
    expect(auditor.scans).toBe(scans + 1);
    expect(findingChanges).toBe(changesAtStart);
  });
});
