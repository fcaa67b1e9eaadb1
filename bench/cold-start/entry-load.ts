// Cold start of the Functions app: fresh `node` processes load the entry the way the Functions
// worker does (load-entry.js), taking turns, and it prints each one's median wall time (process
// start to every function registered) and the ratios. Three entries:
//  - unbundled, SDKs at start-up: the tsc output with the SDK packages its adapters now import on
//    first use (every bare `import('…')` in src/) imported first, as the entry did before
//    src/azure/on-first-use.ts: the baseline of the goal, bundled ÷ this ≤ 0.33;
//  - unbundled: the tsc output (dist/functions/index.js) as it is;
//  - bundled: package.json "main", the bundle that ships (scripts/build-functions.js).
// It builds both first: `tsc -p tsconfig.build.json` (incremental) and the bundle; `--no-build`
// measures what dist/ holds.
// Run: node --import tsx bench/cold-start/entry-load.ts [runs]   (default 7; npm run bench:cold-start)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildFunctionsBundle } from '../../scripts/build-functions.js';
import { firstUseImports } from '../../test/support/first-use-imports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const loader = fileURLToPath(new URL('load-entry.js', import.meta.url));
const GOAL = 0.33;

interface Entry {
  label: string;
  file: string;
  preload: string[];
  wallMs: number[];
  registered?: string[];
}

function parseArgs(argv: string[]): { runs: number; build: boolean } {
  const runsArg = argv.find((a) => !a.startsWith('--'));
  const runs = runsArg === undefined ? 7 : Number(runsArg);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number ≥ 1`);
  return { runs, build: !argv.includes('--no-build') };
}

async function build(): Promise<void> {
  process.stdout.write('building: tsc -p tsconfig.build.json, then scripts/build-functions.js\n');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (compiled.status !== 0) {
    throw new Error(`tsc -p tsconfig.build.json failed:\n${compiled.stdout}${compiled.stderr}`);
  }
  await buildFunctionsBundle();
}

/** One fresh process: its wall time, and the functions the entry registered. */
function coldStart(entry: Entry): void {
  const args = [loader, ...(entry.preload.length ? [`--preload=${entry.preload.join()}`] : [])];
  const started = performance.now();
  const run = spawnSync(process.execPath, [...args, entry.file], { cwd: root, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  if (run.status !== 0) {
    throw new Error(`loading ${entry.label} failed (exit ${run.status}):\n${run.stderr}`);
  }
  const { registered } = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as {
    registered: string[];
  };
  if (entry.registered && entry.registered.join() !== registered.join()) {
    throw new Error(`${entry.label} registered different functions from one run to the next`);
  }
  entry.registered = registered;
  entry.wallMs.push(wallMs);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function packageMain(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string };
  return join(root, pkg.main);
}

const { runs, build: rebuild } = parseArgs(process.argv.slice(2));
if (rebuild) await build();
const tscOutput = join(root, 'dist', 'functions', 'index.js');
const eager: Entry = {
  label: 'unbundled, SDKs at start-up',
  file: tscOutput,
  // The Azure SDK packages the entry once loaded at start-up; not the telemetry exporters
  // (src/telemetry), which no version of the app loaded there, so the baseline stays the same.
  preload: [
    ...new Set(
      firstUseImports()
        .filter((i) => !i.where.startsWith('src/telemetry/'))
        .map((i) => i.packageName),
    ),
  ].sort(),
  wallMs: [],
};
const unbundled: Entry = { label: 'unbundled', file: tscOutput, preload: [], wallMs: [] };
const bundled: Entry = { label: 'bundled', file: packageMain(), preload: [], wallMs: [] };
const entries = [eager, unbundled, bundled];
for (let i = 0; i < runs; i++) for (const entry of entries) coldStart(entry);
if (entries.some((e) => e.registered?.join() !== bundled.registered?.join())) {
  throw new Error('the bundle and the tsc output register different functions');
}

const out = (line: string) => process.stdout.write(`${line}\n`);
out(
  `cold start of the Functions entry: ${runs} fresh node processes each, in turns; each registers ${bundled.registered?.length ?? 0} functions`,
);
for (const entry of entries) {
  const what = `${relative(root, entry.file)}${entry.preload.length ? ` + ${entry.preload.length} packages first` : ''}`;
  const ms = entry.wallMs.map((v) => v.toFixed(0)).join(' ');
  out(
    `  ${entry.label.padEnd(28)} ${what.padEnd(44)} median ${median(entry.wallMs).toFixed(0).padStart(5)} ms  (${ms})`,
  );
}
const ratio = (a: Entry, b: Entry) => median(a.wallMs) / median(b.wallMs);
const goal = ratio(bundled, eager);
out(
  `  bundled ÷ unbundled with SDKs at start-up: ${goal.toFixed(2)} (goal ≤ ${GOAL}): ${goal <= GOAL ? 'met' : 'NOT MET'}`,
);
out(
  `  bundled ÷ unbundled as it is (SDKs on first use in both): ${ratio(bundled, unbundled).toFixed(2)}`,
);
out(`  preloaded: ${eager.preload.join(', ')}`);
