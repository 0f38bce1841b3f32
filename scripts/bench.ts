// Engine figures against the in-process simulator (timings live here, not in tests):
//   tsx scripts/bench.ts [checks]
//   tsx scripts/bench.ts --soak N   (N checks through doctor serve's path; see soak() below)
// Prints sign-in time, first-check and healthy-check latency (p50/p95/max), HTTP requests per
// healthy check, recovery from a dropped session, and the heap after 500 checks and after the
// run (after a full GC each): a leak per check shows as the second growing past the first. Then
// how long after NinjaTrader closes the tray turns red with its notification, and how soon its
// return is green; then a 60 s churn run: a client rewriting ~/.claude.json 1.5 times a second,
// and what that costs CrossTrade.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { autoConsent } from '../electron/monitor/auth/auto-consent';
// The churn figure's own imports (churnFigure, at the end).
import { cp, readFile, writeFile } from 'node:fs/promises';
import { startClientAudit, type ClientAuditor } from '../electron/monitor/clients/auditor';
import { createEngine } from '../electron/monitor/engine';
import { MemoryTokenStore } from '../electron/monitor/auth/file-token-store';
import type { ProcessInfo, ProcessTable } from '../electron/monitor/check/nt8-process';
import type { Transition } from '../electron/monitor/engine-types';
import { startSimulator } from '../simulator/index';
// The soak's own imports (soak, below): doctor serve's path and an alert channel.
import { createServer } from 'node:http';
import { startService } from '../cli/serve';
import { parseChannel } from '../electron/monitor/alerts/channels';
import { createAlertDispatcher } from '../electron/monitor/alerts/dispatcher';
import type { Simulator } from '../simulator/index';

const SOAK_AT = process.argv.indexOf('--soak');
const CHECKS = SOAK_AT >= 0 ? 0 : Number(process.argv[2] ?? 1000);
const HEAP_BASELINE_CHECKS = 500;
/** Heap growth between the baseline and the end of the run that counts as a leak. */
const HEAP_TOLERANCE_MB = 10;

// Any process warning (MaxListenersExceededWarning above all) is a finding: count them.
let warnings = 0;
process.on('warning', () => warnings++);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, MB. */
function settledHeapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function requests(sim: Simulator): number {
  return Object.values(sim.stats().requests)
    .flatMap((byMethod) => Object.values(byMethod))
    .reduce((sum, n) => sum + n, 0);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function row(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(34)}${value}\n`);
}

/** Heap growth from check 1,000 to the end of a soak that counts as a leak. */
const SOAK_TOLERANCE_MB = 5;
/** A fault every this many checks, held for FAULT_CHECKS checks. */
const FAULT_EVERY = 300;
const FAULT_CHECKS = 20;
const SOAK_CADENCE_MS = 30_000;
const FAULTS = [
  'addon_disconnected',
  'server_error',
  'session_drop',
  'broker_down',
  'token_revoked',
] as const;

/**
 * The long-run proof for `doctor serve`: N checks through the service's path (engine, metrics,
 * the HTTP listener scraped as Prometheus would, an alert channel to a local receiver), a fault
 * every few hundred checks, the heap after GC every 1,000 checks, and what is left open at the end.
 */
async function soak(total: number): Promise<void> {
  const sim = await startSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'soak-'));
  let alertsReceived = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      alertsReceived++;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const rxPort = (receiver.address() as { port: number }).port;
  const store = new MemoryTokenStore();
  // The engine's clock moves on 30 s per check, doctor serve's default cadence: its 24-hour
  // history holds what a real run would (2,880 checks), not every check of a fast loop.
  let clockAhead = 0;
  const engine = createEngine({
    serverUrl: sim.url,
    tokenStore: store,
    stateDir: dir,
    now: () => Date.now() + clockAhead,
    nt8ProcessCheck: async () => 'unknown',
    // The scheduler stays out of the way: the loop below paces the checks.
    timing: { intervalMs: 3_600_000, graceMs: 0, holdChecks: 2, holdMs: 1 },
  });
  await engine.signIn({ openUrl: autoConsent() });
  const alerts = createAlertDispatcher({
    channels: [parseChannel(`http://127.0.0.1:${rxPort}/hook`)],
    label: 'soak',
    retry: { attempts: 2, baseDelayMs: 10 },
  });
  const offAlerts = engine.on('transition', (t) => alerts.notify(t));
  const service = await startService({
    engine,
    first: engine.snapshot,
    listen: { host: '127.0.0.1', port: 0 },
    label: 'soak',
  });
  const metricsUrl = `http://127.0.0.1:${service.address.port}/metrics`;
  process.stdout.write(
    `Soak: ${total} checks (${((total * SOAK_CADENCE_MS) / 86_400_000).toFixed(1)} days at 30 s), a fault every ${FAULT_EVERY} checks\n`,
  );
  const heapAt = new Map<number, number>();
  const started = performance.now();
  let faults = 0;
  for (let i = 1; i <= total; i++) {
    const phase = i % FAULT_EVERY;
    if (phase === 0) {
      const fault = FAULTS[faults++ % FAULTS.length] ?? 'addon_disconnected';
      sim.setScenario(fault);
    } else if (phase === FAULT_CHECKS) {
      sim.setScenario('healthy');
    }
    clockAhead += SOAK_CADENCE_MS;
    let snapshot = await engine.checkNow();
    // A revoked sign-in is fixed the way a trader would: sign in again.
    if (snapshot.problems.some((p) => p.id === 'token_invalid' || p.id === 'signed_out')) {
      sim.setScenario('healthy');
      await engine.signIn({ openUrl: autoConsent() });
      snapshot = engine.snapshot;
    }
    if (i % 10 === 0) await (await fetch(metricsUrl)).text();
    // A real service checks every 30 s; a loop without a pause outruns the history's appends to
    // disk and would measure that queue, not the service.
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (i % 1000 === 0 || i === 1) {
      await alerts.idle();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const heap = settledHeapMb();
      heapAt.set(i, heap);
      row(
        `after ${i} checks`,
        `heap ${heap.toFixed(2)} MB · ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }
  await alerts.idle();
  sim.setScenario('healthy');
  const endHeap = settledHeapMb();
  offAlerts();
  await alerts.close();
  await service.close();
  await engine.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  const stats = sim.stats();
  row('faults injected', String(faults));
  row('alerts delivered', String(alertsReceived));
  row('simulator open sessions', `${stats.openSessions} (created ${stats.sessionsCreated})`);
  row('simulator open sockets', String(stats.openSockets));
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  row('open handles', process.getActiveResourcesInfo().join(', ') || 'none');
  row('process warnings', String(warnings));
  const from = heapAt.get(Math.min(1000, total));
  if (from !== undefined) {
    const growth = endHeap - from;
    const verdict = growth < SOAK_TOLERANCE_MB ? 'ok' : `LEAK (over ${SOAK_TOLERANCE_MB} MB)`;
    row(
      `heap growth ${Math.min(1000, total)} → ${total}`,
      `${growth >= 0 ? '+' : ''}${growth.toFixed(2)} MB (${verdict})`,
    );
    if (growth >= SOAK_TOLERANCE_MB) process.exitCode = 1;
  }
}

if (SOAK_AT >= 0) {
  const total = Number(process.argv[SOAK_AT + 1]);
  if (!Number.isInteger(total) || total < 1) {
    process.stderr.write('bench: --soak needs a whole number of checks, e.g. --soak 10000\n');
    process.exit(64);
  }
  await soak(total);
  process.exit();
}

const sim = await startSimulator();
const stateDir = await mkdtemp(join(tmpdir(), 'bench-'));
const engine = createEngine({
  serverUrl: sim.url,
  tokenStore: new MemoryTokenStore(),
  stateDir,
  nt8ProcessCheck: async () => 'unknown',
});

let started = performance.now();
await engine.signIn({ openUrl: autoConsent() });
row('sign-in + first full check', `${(performance.now() - started).toFixed(1)} ms`);

// Light checks only (every 4th also reads GetConnections): measure the pure healthy path.
const latencies: number[] = [];
let lightRequests = 0;
let lightChecks = 0;
let baselineHeap: number | undefined;
const wall = performance.now();
for (let i = 0; i < CHECKS; i++) {
  if (i === HEAP_BASELINE_CHECKS) baselineHeap = settledHeapMb();
  const before = requests(sim);
  started = performance.now();
  const snapshot = await engine.checkNow();
  latencies.push(performance.now() - started);
  if (snapshot.level !== 'ok') throw new Error(`check ${i} was ${snapshot.level}`);
  const cost = requests(sim) - before;
  if (i % 4 !== 3) {
    lightRequests += cost;
    lightChecks++;
  }
}
const seconds = (performance.now() - wall) / 1000;
latencies.sort((a, b) => a - b);
row('healthy checks', `${CHECKS} in ${seconds.toFixed(2)} s (${(CHECKS / seconds).toFixed(0)}/s)`);
row(
  'healthy check latency',
  `p50 ${percentile(latencies, 50).toFixed(2)} ms · p95 ${percentile(latencies, 95).toFixed(2)} ms · max ${(latencies.at(-1) ?? 0).toFixed(2)} ms`,
);
row('HTTP requests per light check', (lightRequests / lightChecks).toFixed(2));

sim.setScenario('session_drop', { every: 1 });
await engine.checkNow();
sim.setScenario('healthy');
started = performance.now();
await engine.checkNow();
row('check after a dropped session', `${(performance.now() - started).toFixed(1)} ms (reconnect)`);

row('sessions created on the server', String(sim.stats().sessionsCreated));
const finalHeap = settledHeapMb();
if (baselineHeap !== undefined) {
  row(`heap after ${HEAP_BASELINE_CHECKS} checks`, `${baselineHeap.toFixed(1)} MB`);
}
row(`heap after ${CHECKS} checks`, `${finalHeap.toFixed(1)} MB`);
if (baselineHeap !== undefined) {
  const growth = finalHeap - baselineHeap;
  row(
    'heap growth',
    `${growth.toFixed(1)} MB (${Math.abs(growth) <= HEAP_TOLERANCE_MB ? 'within' : 'OVER'} ${HEAP_TOLERANCE_MB} MB)`,
  );
}
row('process warnings', String(warnings));

await engine.stop();
row('open sessions after stop', String(sim.stats().openSessions));
await sim.close();
await rm(stateDir, { recursive: true, force: true });

/**
 * Claude Code rewrites ~/.claude.json more than once a second while it works. For 60 real seconds,
 * write a fixture copy 1.5 times a second (each write bumps a counter, as Claude Code's do; write
 * 45 also moves the CrossTrade entry) against a fresh simulator and an engine on its normal
 * schedule with the real watcher, and print what reached CrossTrade and how often the audit ran.
 */
async function churnFigure(): Promise<void> {
  const churnSim = await startSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'bench-churn-'));
  const home = join(dir, 'home');
  await cp(join(import.meta.dirname, '../tests/fixtures/homes/linux'), home, { recursive: true });
  const audit: { auditor?: ClientAuditor } = {};
  const churnEngine = createEngine({
    serverUrl: churnSim.url,
    tokenStore: new MemoryTokenStore(),
    stateDir: join(dir, 'state'),
    nt8ProcessCheck: async () => 'unknown',
    clientFindings: () => audit.auditor?.latest?.findings,
  });
  await churnEngine.signIn({ openUrl: autoConsent() });
  const auditor = startClientAudit({
    environment: { home, platform: 'linux', copiedHome: true },
    onFindingsChanged: () => churnEngine.requestCheck('AI-client settings changed'),
  });
  audit.auditor = auditor;
  await auditor.rescan();
  let checks = 0;
  churnEngine.on('snapshot', () => (checks += 1));
  churnEngine.start();
  const file = join(home, '.claude.json');
  let text = await readFile(file, 'utf8');
  const before = requests(churnSim);
  const scansBefore = auditor.scans;
  const writes = 90;
  const startedAt = performance.now();
  for (let i = 0; i < writes; i++) {
    text = text.replace(/"numStartups": \d+/, `"numStartups": ${1000 + i}`);
    if (i === 45) text = text.replace('https://app.crosstrade.io/', 'https://mcp.crosstrade.io/');
    await writeFile(file, text);
    const due = startedAt + ((i + 1) * 60_000) / writes;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  row(
    'churn: .claude.json rewritten',
    `${writes} times in ${seconds.toFixed(0)} s (1 change of the CrossTrade entry)`,
  );
  row(
    'churn: MCP requests made',
    `${requests(churnSim) - before} in ${checks} checks (schedule: every 30 s)`,
  );
  row('churn: audit runs', String(auditor.scans - scansBefore));
  auditor.stop();
  await churnEngine.stop();
  await churnSim.close();
  await rm(dir, { recursive: true, force: true });
}

/**
 * NinjaTrader closing on this computer, real clock and real watch: from the exit to the red
 * snapshot and its notify-worthy transition (the goal is 2 s), and from its return (add-on
 * connected) to green, with the poll interval far away.
 */
async function benchNt8Exit(): Promise<void> {
  const nt8: ProcessInfo = { pid: 7000, name: 'NinjaTrader.exe' };
  let processes: ProcessInfo[] = [nt8];
  const table: ProcessTable = {
    list: async () => processes,
    alive: (pid) => processes.some((p) => p.pid === pid),
  };
  const exitSim = await startSimulator();
  const dir = await mkdtemp(join(tmpdir(), 'bench-nt8-'));
  const watched = createEngine({
    serverUrl: exitSim.url,
    tokenStore: new MemoryTokenStore(),
    stateDir: dir,
    platform: 'win32',
    processTable: table,
    timing: { intervalMs: 60_000, errorRecheckMs: 60_000, graceMs: 0 },
  });
  const announced: Array<{ at: number; transition: Transition }> = [];
  watched.on('transition', (transition) => {
    if (transition.notifyWorthy) announced.push({ at: performance.now(), transition });
  });
  const until = async (test: () => boolean) => {
    const deadline = performance.now() + 30_000;
    while (!test()) {
      if (performance.now() > deadline) throw new Error('NinjaTrader bench timed out');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  try {
    await watched.signIn({ openUrl: autoConsent() });
    watched.start();
    exitSim.setScenario('addon_disconnected');
    processes = [];
    const closedAt = performance.now();
    await until(() => announced.some((a) => a.transition.added.includes('nt8_not_running')));
    const red = announced.find((a) => a.transition.added.includes('nt8_not_running'));
    row(
      'NT8 closed → red + notification',
      `${((red?.at ?? closedAt) - closedAt).toFixed(0)} ms (goal 2000 ms; poll every 60 s)`,
    );
    exitSim.setScenario('healthy');
    processes = [{ ...nt8, pid: 7001 }];
    const startedAt = performance.now();
    await until(() => watched.snapshot.level === 'ok');
    row('NT8 started → green', `${(performance.now() - startedAt).toFixed(0)} ms (list every 5 s)`);
  } finally {
    await watched.stop();
    await exitSim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await benchNt8Exit();
await churnFigure();

/**
 * The doctor as a trader starts it: a cold `node out/cli/doctor.mjs --demo` (simulator start,
 * sign-in and the full verdict, process start to exit), built first when missing; median of 5.
 */
async function doctorColdFigure(): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  const { existsSync } = await import('node:fs');
  const bundlePath = join('out', 'cli', 'doctor.mjs');
  if (!existsSync(bundlePath)) {
    spawnSync(process.execPath, [join('scripts', 'build.mjs'), '--doctor-only'], {
      stdio: 'ignore',
    });
  }
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const before = performance.now();
    const run = spawnSync(process.execPath, [bundlePath, '--demo'], { stdio: 'ignore' });
    if (run.status !== 0) {
      row('doctor --demo (cold, bundled)', `failed (exit ${run.status ?? 'signal'})`);
      return;
    }
    runs.push(performance.now() - before);
  }
  runs.sort((a, b) => a - b);
  row(
    'doctor --demo (cold, bundled)',
    `${percentile(runs, 50).toFixed(0)} ms median of ${runs.length} (full verdict, process wall time)`,
  );
}

await doctorColdFigure();
