// The teardown workflow's activities: wait for the healing workflows to stop, take the inventory,
// run one deletion step, decide on the resource group.
import { environmentContext, instanceIdOf, isActive } from '../environments/index.js';
import { STAGE_RETRY } from '../retry-policies.js';
import { defineActivity, notReady } from '../workflows/activity.js';
import { takeInventory } from './inventory.js';
import { tearDownResourceGroup } from './resource-group.js';
import { tearDownStep } from './tear-down-step.js';
import type { TeardownStep } from './teardown-steps.js';
import { stepSummaryLine } from './teardown-summary.js';
import type { TeardownTarget } from './teardown-targets.js';
import type { Inventory, StepReport } from './types.js';

/**
 * The reconcile and the renewal of the environment have stopped: the HTTP starter terminated
 * them, and from then on they start no more (deployed.ts reads the teardown instance). Not ready
 * while one still runs, so no reconcile writes DNS or the gateway while they are deleted.
 */
export const awaitWorkflowsStoppedActivity = defineActivity<
  { environment: string },
  { summary: string }
>({
  name: 'teardownAwaitWorkflowsStopped',
  retry: STAGE_RETRY,
  run: async (services, { environment }) => {
    const statuses = services.instances;
    if (!statuses) return { summary: 'no workflow status to read here: nothing waited for' };
    for (const role of ['reconcile', 'renewal'] as const) {
      const id = instanceIdOf(role, environment);
      const status = await statuses(id);
      if (isActive(status)) return notReady(`${id} is still ${status}: waiting for it to stop`);
    }
    return { summary: 'reconcile and renewal stopped' };
  },
});

/** A teardown step is a deployment stage run backwards: the same conflicts, the same retries. */
export const inventoryActivity = defineActivity<{ spec: unknown }, Inventory>({
  name: 'teardownInventory',
  retry: STAGE_RETRY,
  run: (services, { spec }) => takeInventory(environmentContext(services, spec, 'inventory')),
});

export interface StepInput {
  spec: unknown;
  step: TeardownStep;
  targets: TeardownTarget[];
}

export const teardownStepActivity = defineActivity<StepInput, StepReport>({
  name: 'teardownStep',
  retry: STAGE_RETRY,
  run: async (services, { spec, step, targets }) => {
    const ctx = environmentContext(services, spec, `teardown ${step}`);
    const outcomes = await tearDownStep(ctx, targets);
    return { step, summary: stepSummaryLine(outcomes), outcomes };
  },
});

export const resourceGroupActivity = defineActivity<{ spec: unknown }, StepReport>({
  name: 'teardownResourceGroup',
  retry: STAGE_RETRY,
  run: async (services, { spec }) => {
    const outcome = await tearDownResourceGroup(
      environmentContext(services, spec, 'teardown resource-group'),
    );
    const summary =
      outcome.outcome === 'kept' ? `kept: ${outcome.why ?? ''}` : stepSummaryLine([outcome]);
    return { step: 'resource-group', summary, outcomes: [outcome] };
  },
});
