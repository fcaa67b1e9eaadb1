// One step of a teardown: its targets wave by wave, each wave's deletes side by side.
import { StillRunning } from '../activity-deadline.js';
import type { EnvironmentContext } from '../environments/index.js';
import type { PlannedResource } from '../plan/index.js';
import { plannedForTeardown } from './planned-resources.js';
import { tearDownTarget } from './tear-down-target.js';
import type { TeardownTarget } from './teardown-targets.js';
import type { TargetOutcome } from './types.js';

/**
 * Deletes the step's targets, a wave only once the one before it is gone (what depends on a
 * resource goes before it). Every delete of a wave is let finish before the first failure is
 * thrown, a failure before a "not ready" (StillRunning), so nothing is left running unwatched
 * and a refusal is named even while another delete only waits.
 */
export async function tearDownStep(
  ctx: EnvironmentContext,
  targets: readonly TeardownTarget[],
): Promise<TargetOutcome[]> {
  const planned = await plannedByIdFor(ctx, targets);
  const outcomes: TargetOutcome[] = [];
  const waves = [...new Set(targets.map((t) => t.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    const settled = await Promise.allSettled(
      targets.filter((t) => t.wave === wave).map((t) => tearDownTarget(ctx, t, planned)),
    );
    const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    const failure = rejected.find((s) => !(s.reason instanceof StillRunning)) ?? rejected[0];
    if (failure) throw failure.reason;
    outcomes.push(...settled.map((s) => (s as PromiseFulfilledResult<TargetOutcome>).value));
  }
  return outcomes;
}

/** The planned resources by id, read only when a target's ownership needs its planned body. */
async function plannedByIdFor(
  ctx: EnvironmentContext,
  targets: readonly TeardownTarget[],
): Promise<ReadonlyMap<string, PlannedResource>> {
  if (!targets.some((t) => t.owner === 'assignment' || t.owner === 'parent')) return new Map();
  return new Map((await plannedForTeardown(ctx)).map((p) => [p.id.toLowerCase(), p]));
}
