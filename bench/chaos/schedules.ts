// The randomized fault suite at length: `npm run bench:chaos -- [count] [first-seed]` (default
// 1,000 schedules from seed 1) on one local stack, six at a time. Prints the count, the failed
// seeds with how to replay each, and the slowest convergence. Exit code 1 when any failed.
import { SUBSCRIPTION } from '../../test/chaos/deployments.js';
import { replayLine, runSuite } from '../../test/chaos/suite.js';
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

const stack = await startLocalStack({
  publicZones: [{ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-dns', zone: 'contoso.example' }],
  hostProcess: true,
});
try {
  const report = await runSuite(stack, seeds, 6, (line) => process.stdout.write(`${line}\n`));
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
} finally {
  await stack.stop();
}
