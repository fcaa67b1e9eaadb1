#!/usr/bin/env node
// One-time set-up on a fresh machine, run by npm before `start`, `demo` and `check`:
// installs npm dependencies when they are missing or older than package-lock.json, the Debian
// packages the tests use (as root), and builds dist/ (incrementally) for the CLI.
// Usage: node scripts/setup.js [--build] [--system]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`setup: \`${command} ${commandArgs.join(' ')}\` failed\n`);
    process.exit(result.status ?? 1);
  }
}

function dependenciesAreCurrent() {
  const installed = `${root}node_modules/.package-lock.json`;
  if (!existsSync(installed)) return false;
  return statSync(installed).mtimeMs >= statSync(`${root}package-lock.json`).mtimeMs;
}

if (!dependenciesAreCurrent()) {
  process.stdout.write('setup: installing npm dependencies (npm ci)\n');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
if (args.has('--system')) run('bash', ['scripts/install-system-packages.sh']);
if (args.has('--build')) run('npm', ['run', '--silent', 'build']);
