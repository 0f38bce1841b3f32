#!/usr/bin/env node
// `npm run lint:workflows [DIR]`: validates every GitHub Actions workflow in DIR (default
// .github/workflows) against the workflow schema with action-validator, one file per call (it
// takes one). Exits 1 when any file is invalid or when there is no workflow to check.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(process.argv[2] ?? join('.github', 'workflows'));
let files = [];
try {
  files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
} catch {
  // reported below
}
if (files.length === 0) {
  console.error(`lint:workflows: no workflow (*.yml) in ${dir}.`);
  process.exit(1);
}
let failed = 0;
for (const file of files.sort()) {
  const result = spawnSync('npx', ['--no-install', 'action-validator', join(dir, file)], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status === 0) console.log(`lint:workflows: ${file} ok`);
  else {
    console.error(`lint:workflows: ${file} is not a valid workflow (see above).`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
