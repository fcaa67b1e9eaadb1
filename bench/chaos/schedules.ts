// The randomized fault suite at length: `npm run bench:chaos -- [count] [first-seed]` (default
// 1,000 schedules from seed 1), six at a time, on a new local stack for every 100: each schedule
// leaves its environment behind, and one emulator hands out only 254 public IPs (two per
// environment), as the test run's 100 schedules on one stack do. Prints the count, the failed
// seeds with how to replay each, and the slowest convergence. Exit code 1 when any failed.
import { SUBSCRIPTION } from '../../test/chaos/deployments.js';
import { replayLine, runSuite, type SuiteReport } from '../../test/chaos/suite.js';
import { startLocalStack } from '../../test/support/local-stack.js';

function countArgument(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${what} must be a whole number of at least 1, not "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const count = countArgument(process.argv[2], 1_000, 'the number of schedules');
const first = countArgument(process.argv[3], 1, 'the first seed');
const seeds = Array.from({ length: count }, (_, i) => first + i);

/** Schedules per local stack: as many as `npm test` runs on one. */
const PER_STACK = 100;

async function onOneStack(batch: number[]): Promise<SuiteReport> {
  const stack = await startLocalStack({
    publicZones: [
      { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-dns', zone: 'contoso.example' },
    ],
    hostProcess: true,
  });
  try {
    return await runSuite(stack, batch, 6, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await stack.stop();
  }
}

const report: SuiteReport = { results: [], failed: [], slowest: undefined, wallMs: 0 };
for (let i = 0; i < seeds.length; i += PER_STACK) {
  const batch = seeds.slice(i, i + PER_STACK);
  process.stdout.write(`seeds ${batch[0]}–${batch.at(-1)} on a new local stack\n`);
  const part = await onOneStack(batch);
  report.results.push(...part.results);
  report.failed.push(...part.failed);
  report.wallMs += part.wallMs;
  if (part.slowest && part.slowest.convergedMs > (report.slowest?.convergedMs ?? -1))
    report.slowest = part.slowest;
}
process.stdout.write(
  [
    `schedules: ${report.results.length} (seeds ${first}–${first + count - 1})`,
    `converged with every property holding: ${report.results.length - report.failed.length}`,
    `failed: ${report.failed.length}${report.failed.length ? ` (seeds ${report.failed.map((r) => r.seed).join(', ')})` : ''}`,
    `slowest convergence (last fault to the fault-free deployment done): ${report.slowest?.convergedMs ?? 0} ms, seed ${report.slowest?.seed ?? '-'}`,
    `wall time: ${(report.wallMs / 60_000).toFixed(1)} min`,
    ...report.failed.map(replayLine),
  ].join('\n') + '\n',
);
process.exitCode = report.failed.length > 0 ? 1 : 0;
