// The randomized fault suite: seeded schedules that deploy, change and reconcile an environment
// each while ARM throttles, fails, drops connections and supersedes operations, the Functions
// host is killed with SIGKILL, Event Grid replays, reorders and invents events, and groups
// restart with and without telling anyone. After each: the environment converges, nothing was
// created twice, records and pools follow the groups, nothing is written once converged, every
// orchestration ended and no secret reached the host's log (properties.ts).
//
// 100 schedules here; CHAOS_SCHEDULES=N for another count, CHAOS_SEED=S to replay one seed,
// `npm run bench:chaos -- 1000` for the long run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { SUBSCRIPTION } from './deployments.js';
import { replayLine, runSuite } from './suite.js';

const skip = skipWithout('pebble');
const replay = process.env.CHAOS_SEED;
const count = Number(process.env.CHAOS_SCHEDULES ?? 100);
/** Schedules at once on the one stack: most of a schedule's time is waiting, not work. */
const concurrency = Number(process.env.CHAOS_CONCURRENCY ?? 6);
const seeds = replay ? [Number(replay)] : Array.from({ length: count }, (_, i) => i + 1);

describe('seeded fault schedules', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack({
      publicZones: [
        { subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-dns', zone: 'contoso.example' },
      ],
      hostProcess: true,
    });
  });
  after(() => stack?.stop());

  test(`${seeds.length} schedules all converge with every property holding`, async (t) => {
    const report = await runSuite(stack, seeds, concurrency, (line) => t.diagnostic(line));
    t.diagnostic(
      `${report.results.length} schedules in ${(report.wallMs / 1000).toFixed(1)} s, ${report.failed.length} failed; slowest convergence ${report.slowest?.convergedMs ?? 0} ms (seed ${report.slowest?.seed ?? '-'})`,
    );
    assert.equal(report.results.length, seeds.length);
    assert.deepEqual(
      report.failed.map((r) => r.seed),
      [],
      report.failed.map(replayLine).join('\n'),
    );
  });
});
