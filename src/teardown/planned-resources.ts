// The environment's planned resources as a teardown finds them in Azure.
import { onGroupSystemTopic, type EnvironmentContext } from '../environments/index.js';
import type { PlannedResource } from '../plan/index.js';

/**
 * The plan, its run-once groups (a migration group a crash left behind), and the event
 * subscription where the deployment put it: on the resource group's one system topic, which may
 * be another environment's (Azure allows one per source; onGroupSystemTopic), in which case the
 * planned topic is not ours and is left out.
 */
export async function plannedForTeardown(ctx: EnvironmentContext): Promise<PlannedResource[]> {
  const eventGrid = ctx.plan.resources.filter((r) => r.area === 'event-grid');
  const { resources } = await onGroupSystemTopic(ctx, eventGrid);
  return [
    ...ctx.plan.resources.filter((r) => r.area !== 'event-grid'),
    ...resources,
    ...ctx.plan.runOnce,
  ];
}
