#!/usr/bin/env node
// `npm test`: every check CI runs, in order, then one summary line computed from Vitest's JSON
// report: `N passed, N failed` (`, N skipped` when any were). Exits non-zero on any failed step,
// any failed test, or a run in which no test executed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const REPORT = '.vitest-report.json';
const extraArgs = process.argv.slice(2);

/** @type {{ name: string, cmd: string, args: string[] }[]} */
const staticSteps = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'workflows', cmd: 'npm', args: ['run', '--silent', 'lint:workflows'] },
  { name: 'format', cmd: 'npm', args: ['run', '--silent', 'format:check'] },
];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
if (pkg.scripts?.build)
  staticSteps.push({ name: 'build', cmd: 'npm', args: ['run', '--silent', 'build'] });

const failedSteps = [];
for (const step of staticSteps) {
  console.log(`\n── ${step.name} ──`);
  const result = spawnSync(step.cmd, step.args, { stdio: 'inherit' });
  if (result.status !== 0) failedSteps.push(step.name);
}

console.log('\n── vitest ──');
rmSync(REPORT, { force: true });
const vitest = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${REPORT}`,
    ...extraArgs,
  ],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(REPORT)) {
  const report = JSON.parse(readFileSync(REPORT, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = report.numFailedTests ?? 0;
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A test file that fails to load has no tests of its own: count it so it cannot hide.
  for (const file of report.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
} else {
  console.error('Vitest wrote no report: counting the run as failed.');
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed += 1;

if (failedSteps.length > 0) console.error(`\nFailed steps: ${failedSteps.join(', ')}`);
if (passed + failed === 0) console.error('\nNo test ran: that is a failure.');
console.log(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failedSteps.length > 0 || failed > 0 || passed === 0 ? 1 : 0);
