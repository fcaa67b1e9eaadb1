// Runs many chaos schedules on one local stack, a few at a time, and gathers what the suite
// reports: shared by the test (100 schedules) and bench/chaos (1,000).
import { assertNoSecret } from '../support/secrets.js';
import type { LocalStack } from '../support/local-stack.js';
import { runSchedule, type ScheduleResult } from './run-schedule.js';
import { describeSchedule, scheduleOf } from './schedule.js';

export interface SuiteReport {
  results: ScheduleResult[];
  failed: ScheduleResult[];
  slowest: ScheduleResult | undefined;
  wallMs: number;
}

/** The secrets of the environment's vault (certificate keys, the ACME account key). */
function vaultSecrets(stack: LocalStack, environment: string): string[] {
  return [...stack.emu.engine.state.vaults.values()]
    .filter((v) => v.name.startsWith(`kv-${environment}-`))
    .flatMap((v) => [...v.secrets.values()].flat().map((s) => s.value))
    .filter((value) => value.length >= 32);
}

/** One schedule; an exception (a deadline, a refused request) is a problem of that schedule. */
async function runOne(stack: LocalStack, seed: number): Promise<ScheduleResult> {
  const schedule = scheduleOf(seed);
  const logFrom = stack.hostOutput().length;
  const result = await runSchedule(stack, schedule).catch((error: unknown): ScheduleResult => ({
    seed,
    problems: [error instanceof Error ? error.message : String(error)],
    convergedMs: Number.NaN,
  }));
  const log = stack.hostOutput().slice(logFrom);
  for (const secret of vaultSecrets(stack, schedule.environment)) {
    try {
      assertNoSecret(log, secret, `the host's log during seed ${seed}`);
    } catch (error) {
      result.problems.push((error as Error).message);
    }
  }
  return result;
}

export async function runSuite(
  stack: LocalStack,
  seeds: readonly number[],
  concurrency: number,
  progress: (line: string) => void = () => undefined,
): Promise<SuiteReport> {
  const started = Date.now();
  const results: ScheduleResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < seeds.length) {
      const seed = seeds[next++]!;
      const result = await runOne(stack, seed);
      results.push(result);
      if (result.problems.length > 0)
        progress(`seed ${seed} FAILED: ${result.problems.join(' | ')}`);
      if (results.length % 10 === 0) progress(`${results.length}/${seeds.length} schedules`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, seeds.length) }, worker));
  const failed = results.filter((r) => r.problems.length > 0);
  const converged = results.filter((r) => Number.isFinite(r.convergedMs));
  const slowest = converged.reduce<ScheduleResult | undefined>(
    (a, r) => (a && a.convergedMs >= r.convergedMs ? a : r),
    undefined,
  );
  return { results, failed, slowest, wallMs: Date.now() - started };
}

/** What a failing seed is and how to run it alone. */
export function replayLine(result: ScheduleResult): string {
  return `${describeSchedule(scheduleOf(result.seed))}\n  problems: ${result.problems.join(
    '\n    ',
  )}\n  replay: CHAOS_SEED=${result.seed} node scripts/test.js test/chaos`;
}
