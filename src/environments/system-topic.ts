// The resource group's one Event Grid system topic, and where the environment's subscription goes.
import { createSystemTopics } from '../azure/event-grid.js';
import {
  onSystemTopic,
  resourceGroupId,
  systemTopicOfSource,
  type PlannedResource,
  type SystemTopicSummary,
} from '../plan/index.js';
import type { EnvironmentContext } from './context.js';

export interface OnGroupTopic {
  /** `resources` with the event subscription moved under `existing` when that is another topic. */
  resources: PlannedResource[];
  /** The system topic that serves the resource group now, if any. */
  existing: SystemTopicSummary | undefined;
}

/**
 * The planned event-grid resources as a deployment writes them. Azure allows one system topic per
 * source (`articles/event-grid/system-topics.md`), so when the resource group already has one
 * (another environment's, one made in the portal) the subscription goes under it and the planned
 * topic is left out. Which topic serves the group is read here, at apply time: the plan stays as
 * written.
 */
export async function onGroupSystemTopic(
  ctx: EnvironmentContext,
  resources: readonly PlannedResource[],
): Promise<OnGroupTopic> {
  const source = resourceGroupId(ctx.spec.subscriptionId, ctx.spec.resourceGroup);
  const topics = await createSystemTopics(ctx.services.connection, ctx.spec.subscriptionId).list();
  const existing = systemTopicOfSource(topics, source);
  return { resources: existing ? onSystemTopic(resources, existing.id) : [...resources], existing };
}
