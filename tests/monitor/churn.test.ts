// A client that rewrites ~/.claude.json all the time (Claude Code does, more than once a second)
// must not spend the trader's CrossTrade rate limit: identical rewrites are not re-audited, a
// rewrite that leaves the CrossTrade entry alone asks for no check, and however the file changes
// the monitor adds at most one check per 60 s to its schedule. The real engine against the real
// simulator over HTTP, the real auditor on real files; only the clock is fake (60 s of it).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startClientAudit, type ClientAuditor } from '../../electron/monitor/clients/auditor';
import { copyHome } from '../clients/helpers';
import { startWorld, totalRequests, type World } from './helpers';

const WRITES = 90;
const EVERY_MS = Math.round(60_000 / WRITES);
const OFFICIAL = 'https://app.crosstrade.io/v1/api/mcp';
const LEGACY = 'https://mcp.crosstrade.io/v1/api/mcp';

/** Lets real I/O run (fake timers leave setImmediate alone) until no check is in flight. */
async function settle(world: World): Promise<void> {
  for (let i = 0; i < 10 || world.engine.checking; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface Churn {
  world: World;
  auditor: ClientAuditor;
  file: string;
  original: string;
  /** Checks and MCP requests made while the file churned (none are scheduled then). */
  run(write: (i: number) => string): Promise<{ checks: number; requests: number; scans: number }>;
}

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function churn(): Promise<Churn> {
  const home = copyHome('linux');
  cleanups.push(home.remove);
  const audit: { auditor?: ClientAuditor } = {};
  // An hour between scheduled checks: every check during the churn is one beyond the schedule.
  const world = await startWorld({
    engine: {
      timing: { intervalMs: 3_600_000, errorRecheckMs: 3_600_000, graceMs: 0 },
      clientFindings: () => audit.auditor?.latest?.findings,
    },
  });
  cleanups.push(() => world.close());
  await world.signIn();
  const started = startClientAudit({
    environment: { home: home.dir, platform: 'linux', copiedHome: true },
    // The test plays the watcher: it calls filesChanged after each write, as the watcher would.
    watch: false,
    onFindingsChanged: () => world.engine.requestCheck('AI-client settings changed'),
  });
  audit.auditor = started;
  cleanups.push(() => started.stop());
  await vi.waitFor(() => expect(started.latest).toBeDefined());
  const file = path.join(home.dir, '.claude.json');
  const original = readFileSync(file, 'utf8');

  return {
    world,
    auditor: started,
    file,
    original,
    async run(write) {
      vi.useFakeTimers({
        toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
      });
      world.engine.start();
      await settle(world);
      const checks = world.snapshots.length;
      const requests = totalRequests(world.sim);
      const scans = started.scans;
      for (let i = 0; i < WRITES; i++) {
        writeFileSync(file, write(i));
        await started.filesChanged();
        await settle(world);
        await vi.advanceTimersByTimeAsync(EVERY_MS);
        await settle(world);
      }
      return {
        checks: world.snapshots.length - checks,
        requests: totalRequests(world.sim) - requests,
        scans: started.scans - scans,
      };
    },
  };
}

describe('a client rewriting its settings file 90 times in 60 s', () => {
  it('re-audits only changed bytes, and checks once for the one real change of the CrossTrade entry', async () => {
    const { run, original, world } = await churn();
    let contentChanges = 0;
    let last = original;
    const result = await run((i) => {
      // Two of three writes rewrite the very same bytes; the third bumps a counter, as Claude
      // Code does; write 45 also moves the CrossTrade entry to the legacy address.
      let next =
        i % 3 === 2 ? last.replace(/"numStartups": \d+/, `"numStartups": ${200 + i}`) : last;
      if (i === 45) next = next.replace(`"url": "${OFFICIAL}"`, `"url": "${LEGACY}"`);
      if (next !== last) contentChanges += 1;
      last = next;
      return next;
    });
    expect(contentChanges).toBe(31);
    // Identical rewrites trigger no audit: one audit per content change, no more.
    expect(result.scans).toBe(contentChanges);
    // Only the change of the CrossTrade entry asked for a check: exactly one beyond the schedule.
    expect(result.checks).toBe(1);
    expect(world.snapshots.at(-1)?.problems.map((p) => p.id)).toContain('client_misconfigured');
    // …which costs what one check costs, and nothing else reached CrossTrade.
    expect(result.requests).toBeLessThanOrEqual(2);
  });

  it('adds at most 2 checks in 60 s even when every rewrite changes the CrossTrade entry', async () => {
    const { run, original } = await churn();
    const result = await run((i) =>
      i % 2 === 0 ? original.replace(`"url": "${OFFICIAL}"`, `"url": "${LEGACY}"`) : original,
    );
    expect(result.scans).toBe(WRITES);
    // One check at once, the rest coalesced into one at the 60 s mark.
    expect(result.checks).toBeLessThanOrEqual(2);
    expect(result.checks).toBeGreaterThanOrEqual(1);
  });
});
