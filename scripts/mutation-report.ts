// Runs StrykerJS (arguments are passed on: `--mutate src/plan/drift.ts`, a config file) and prints
// the mutation score per module and the mutants the tests let through, from Stryker's JSON report.
// `--report-only` prints the last report without running. The flat list of every survived and
// uncovered mutant goes to reports/mutation/survivors.txt.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MUTATION_MODULES, moduleOf } from './mutation-scope.js';

// Where stryker.config.js puts its reports: MUTATION_REPORTS lets runs on different files go side by side.
const REPORTS = process.env.MUTATION_REPORTS ?? 'reports/mutation';
const REPORT = join(REPORTS, 'mutation.json');
const SURVIVORS = join(REPORTS, 'survivors.txt');

/** The part of mutation-testing-report-schema's MutationTestResult read here. */
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}
interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: Position; end: Position };
}
interface Position {
  line: number;
  column: number;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Stryker's mutation score: detected / (detected + undetected); compile and runtime errors left out. */
function score(mutants: Mutant[]): string {
  const count = (status: string) => mutants.filter((m) => m.status === status).length;
  const detected = mutants.filter((m) => DETECTED.has(m.status)).length;
  const valid = detected + mutants.filter((m) => UNDETECTED.has(m.status)).length;
  const percent = valid === 0 ? 'n/a' : `${((100 * detected) / valid).toFixed(2)}%`;
  const errors = count('CompileError') + count('RuntimeError');
  return (
    `${percent.padStart(7)}  ${String(mutants.length).padStart(4)} mutants: ${count('Killed')} killed, ` +
    `${count('Timeout')} timeout, ${count('Survived')} survived, ${count('NoCoverage')} no coverage` +
    (errors > 0 ? `, ${errors} errors` : '')
  );
}

function oneLine(text: string, max = 70): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The source text a mutant replaced; report positions are 1-based lines and columns. */
function original(source: string, { start, end }: Mutant['location']): string {
  const lines = source.split('\n').slice(start.line - 1, end.line);
  lines[lines.length - 1] = (lines.at(-1) ?? '').slice(0, end.column - 1);
  lines[0] = (lines[0] ?? '').slice(start.column - 1);
  return lines.join('\n');
}

function byPosition(a: Mutant, b: Mutant): number {
  return (
    a.location.start.line - b.location.start.line ||
    a.location.start.column - b.location.start.column
  );
}

function runStryker(args: string[]): { status: number; seconds: number } {
  rmSync(REPORT, { force: true });
  const started = Date.now();
  const bin = join('node_modules', '.bin', 'stryker');
  const run = spawnSync(bin, ['run', ...args], { stdio: 'inherit' });
  return { status: run.status ?? 1, seconds: (Date.now() - started) / 1000 };
}

const args = process.argv.slice(2);
const reportOnly = args.includes('--report-only');
const run = reportOnly ? undefined : runStryker(args);
if (!existsSync(REPORT)) {
  console.error(`No report at ${REPORT}: Stryker did not finish.`);
  process.exit(run?.status || 1);
}
const report = JSON.parse(readFileSync(REPORT, 'utf8')) as Report;

const byModule = new Map<string, { mutants: Mutant[]; undetected: string[] }>(
  MUTATION_MODULES.map(({ name }) => [name, { mutants: [], undetected: [] }]),
);
const flat: string[] = [];
for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
  const group = byModule.get(moduleOf(file)) ?? { mutants: [], undetected: [] };
  byModule.set(moduleOf(file), group);
  for (const m of [...mutants].sort(byPosition)) {
    group.mutants.push(m);
    if (!UNDETECTED.has(m.status)) continue;
    const { line, column } = m.location.start;
    const replacement = m.replacement ?? '';
    flat.push(
      `${file}:${line}:${column}\t${m.status}\t${m.mutatorName}\t${oneLine(replacement, 200)}`,
    );
    const change = `${oneLine(original(source, m.location))} → ${oneLine(replacement)}`;
    const uncovered = m.status === 'NoCoverage' ? ' (no test reaches it)' : '';
    group.undetected.push(`  ${file}:${line}  ${m.mutatorName}${uncovered}: ${change}`);
  }
}
writeFileSync(SURVIVORS, flat.map((l) => `${l}\n`).join(''));

const modules = [...byModule].filter(([, g]) => g.mutants.length > 0);
const all = modules.flatMap(([, g]) => g.mutants);
const width = Math.max(...modules.map(([name]) => name.length), 'total'.length);
console.log('\nMutation score per module');
for (const [name, { mutants }] of modules) console.log(`  ${name.padEnd(width)} ${score(mutants)}`);
console.log(`  ${'total'.padEnd(width)} ${score(all)}`);
console.log(
  run ? `Run time: ${run.seconds.toFixed(0)} s` : 'Run time: not measured (--report-only)',
);
for (const [name, { undetected }] of modules) {
  if (undetected.length === 0) continue;
  console.log(`\nSurvivors in ${name} (${undetected.length})`);
  for (const line of undetected) console.log(line);
}
console.log(`\nEvery survived and uncovered mutant: ${SURVIVORS}`);
process.exitCode = run?.status ?? 0;
