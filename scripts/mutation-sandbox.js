#!/usr/bin/env node
// Stryker's build step (buildCommand in stryker.config.js), run inside its sandbox only, after the
// sources were instrumented:
// 1. Transpiles every .ts of src/ and test/ to a .js beside it, so the tap runner starts plain node
//    (tsx costs about 0.4 s of every test process, and each mutant starts several).
// 2. For each `test/unit/<folder>.mutation.js` in the config's tap.testFiles, writes that file,
//    importing every test of test/unit/<folder>: a mutant the folder's tests reach costs one
//    process, not one per file. The tap runner runs the entries in the order listed.
import { buildSync } from 'esbuild';
import { readdirSync, writeFileSync } from 'node:fs';
import config from '../stryker.config.js';

buildSync({
  entryPoints: ['src/**/*.ts', 'test/**/*.ts'],
  outdir: '.',
  outbase: '.',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});

for (const entry of config.tap.testFiles) {
  const folder = /^test\/unit\/([\w-]+)\.mutation\.js$/.exec(entry)?.[1];
  if (!folder) continue;
  const tests = readdirSync(`test/unit/${folder}`, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  writeFileSync(entry, tests.map((file) => `import './${folder}/${file}';\n`).join(''));
}
