// Engine figures against the in-process simulator (timings live here, not in tests):
//   tsx scripts/bench.ts [checks]
// Prints sign-in time, first-check and healthy-check latency (p50/p95/max), HTTP requests per
// healthy check, recovery from a dropped session, and the heap after 500 checks and after the
// run (after a full GC each): a leak per check shows as the second growing past the first.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { autoConsent } from '../electron/monitor/auth/auto-consent';
import { createEngine } from '../electron/monitor/engine';
import { MemoryTokenStore } from '../electron/monitor/auth/file-token-store';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/index';

const CHECKS = Number(process.argv[2] ?? 1000);
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
