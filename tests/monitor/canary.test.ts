// Canary: run every scenario with recognizable tokens (the simulator mints `ct_at_…` access and
// `ct_rt_…` refresh tokens) and fail if any token shows up in a snapshot, an event, a history
// file, a log line, a report or the doctor's output.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SCENARIO_NAMES, startSimulator } from '../../simulator/index';
import type { Simulator } from '../../simulator/index';
import { runDoctor } from '../../cli/doctor';
import { startWorld } from './helpers';
import type { World } from './helpers';

const SCENARIOS: Array<[string, Record<string, unknown>]> = [
  ['healthy', {}],
  ...['http_408', 'tool_error', 'jsonrpc_error', 'empty_payload'].map(
    (encoding): [string, Record<string, unknown>] => ['addon_disconnected', { encoding }],
  ),
  ['nt8_unresponsive', {}],
  ['addon_outdated', {}],
  ...['text', 'json_error', 'json_code'].map((body): [string, Record<string, unknown>] => [
    'subscription_required',
    { body },
  ]),
  ...['header', 'json', 'jsonrpc'].map((as): [string, Record<string, unknown>] => [
    'insufficient_scope',
    { as },
  ]),
  ['token_short_ttl', { ttlSec: 1 }],
  ['broker_down', {}],
  ['selftest_degraded', {}],
  ['server_error', { status: 503 }],
  ['rate_limited', { retryAfterSec: 0 }],
  ...['html', 'not_json', 'not_jsonrpc', 'bad_payload'].map(
    (as): [string, Record<string, unknown>] => ['malformed', { as }],
  ),
  ['clock_skew', {}],
  ['session_drop', { every: 1 }],
  ['slow', { ms: 60 }],
  ['flapping', { periodSec: 0.1 }],
  ['refresh_rejected', {}],
  ['token_revoked', {}],
];

/** --watch polls on a timer: a few scenarios suffice to cover its output. */
const WATCHED = new Set([
  'healthy',
  'addon_disconnected',
  'token_short_ttl',
  'session_drop',
  'token_revoked',
]);

const TOKEN_SHAPE = /ct_(at|rt|code)_[A-Za-z0-9_-]{8,}/;

function leaks(haystack: string, secrets: Iterable<string>): string[] {
  const found = [...secrets].filter((s) => haystack.includes(s)).map((s) => `${s.slice(0, 8)}…`);
  const shaped = TOKEN_SHAPE.exec(haystack);
  if (shaped)
    found.push(
      `token-shaped text near "${haystack.slice(Math.max(0, shaped.index - 40), shaped.index)}"`,
    );
  return found;
}

let world: World | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await world?.close();
  await sim?.close();
  world = undefined;
  sim = undefined;
});

describe('no token ever leaves the token store', () => {
  it('covers every scenario of the simulator', () => {
    expect(new Set(SCENARIOS.map(([name]) => name))).toEqual(new Set(SCENARIO_NAMES));
  });

  it('the engine: snapshots, transitions, history files, logs and reports', async () => {
    world = await startWorld({
      engine: { callTimeoutMs: 200, timing: { graceMs: 0, holdChecks: 1, holdMs: 0 } },
    });
    const events: unknown[] = [];
    world.engine.on('schedule', (s) => events.push(s));
    await world.signIn();
    const reports: string[] = [];
    for (const [name, options] of SCENARIOS) {
      world.sim.setScenario(name as 'healthy', options as never);
      await world.engine.checkNow();
      await world.engine.checkNow();
      const report = await world.engine.report();
      reports.push(report.text, JSON.stringify(report.json));
      if (name === 'refresh_rejected' || name === 'token_revoked') {
        world.sim.setScenario('healthy');
        await world.signIn();
      }
    }
    await world.engine.signOut();
    await world.engine.stop();
    expect(world.store.secrets.size).toBeGreaterThan(4); // sign-ins and refreshes happened

    const outputs = {
      snapshots: JSON.stringify(world.snapshots),
      transitions: JSON.stringify(world.transitions),
      events: JSON.stringify(events),
      history: JSON.stringify(world.engine.history()),
      files: await world.stateFiles(),
      logs: world.logs.join('\n'),
      reports: reports.join('\n'),
    };
    expect(outputs.files.length).toBeGreaterThan(0);
    expect(outputs.logs).toContain('invalid_grant'); // the SDK's own warnings were routed here
    for (const [where, text] of Object.entries(outputs)) {
      expect(leaks(text, world.store.secrets), where).toEqual([]);
    }
  });

  it('the doctor CLI: human, JSON, report (text and JSON) and watch output, verbose logs included', async () => {
    sim = await startSimulator();
    const stateDir = await mkdtemp(join(tmpdir(), 'doctor-canary-'));
    try {
      const out: string[] = [];
      const io = {
        stdout: (t: string) => out.push(t),
        stderr: (t: string) => out.push(t),
        isTTY: false,
        env: {},
      };
      const base = [
        '--url',
        sim.url,
        '--auto-consent',
        '--state-dir',
        stateDir,
        '--verbose',
        '--timeout',
        '300',
      ];
      const secrets = new Set<string>();
      const collect = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) await collect(path);
          else if (entry.name === 'auth.json') {
            const text = await readFile(path, 'utf8');
            for (const m of text.matchAll(/ct_(at|rt)_[A-Za-z0-9_-]+/g)) secrets.add(m[0]);
          }
        }
      };
      // Default human output, --json, both report forms; --watch for a few.
      const runs = [[], ['--json'], ['--report'], ['--report', '--json']];
      const watch = ['--watch', '--count', '2', '--interval', '0.25'];
      for (const [name, options] of SCENARIOS) {
        sim.setScenario(name as 'healthy', options as never);
        for (const extra of WATCHED.has(name) ? [...runs, watch] : runs) {
          await runDoctor([...base, ...extra], io);
          // Collected after every run: a refresh rotates both tokens.
          await collect(stateDir);
        }
        sim.setScenario('healthy');
      }
      await runDoctor(['logout', ...base], io);
      expect(secrets.size).toBeGreaterThan(4);
      expect(sim.stats().tokens.issued).toBeGreaterThan(1);
      const all = out.join('\n');
      // Every form did print: a human verdict, check JSON, and the report as text and JSON.
      expect(all).toMatch(/^● OK /m);
      expect(all).toContain('"latencyMs"');
      expect(all).toContain('CrossTrade MCP Monitor: support report');
      expect(all).toContain('"recentIncidents"');
      expect(leaks(all, secrets)).toEqual([]);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
