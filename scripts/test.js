#!/usr/bin/env node
// Runs node's test runner over test files through tsx. Node 20's runner does not expand globs,
// so the files are found here. Usage: node scripts/test.js [folder-or-file ...] (default: test/).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(path) {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules' && e.name !== 'fixtures')
    .flatMap((e) => {
      const full = join(path, e.name);
      if (e.isDirectory()) return findTests(full);
      return e.name.endsWith('.test.ts') ? [full] : [];
    });
}

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const flags = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = (roots.length ? roots : ['test']).flatMap(findTests).sort();
if (files.length === 0) {
  process.stderr.write('no test files found\n');
  process.exit(1);
}
// A test that never ends fails after this long instead of holding the run (and CI) with no
// output: far beyond the slowest test (a deployment waiting out a 100 s role assignment delay).
const TEST_TIMEOUT_MS = 15 * 60_000;
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    ...flags,
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
