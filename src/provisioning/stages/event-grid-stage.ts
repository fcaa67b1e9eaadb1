// Deployment stage for Event Grid: the environment's event subscription, on the one system topic
// its resource group may have.
import { shortId } from '../../azure/resources.js';
import { onGroupSystemTopic } from '../../environments/index.js';
import { classifyFailure } from '../../errors.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { applyStageResources } from './apply-stage.js';

/** ARM's message when a second system topic is created for a source (system-topics.md). */
const ONE_TOPIC_PER_SOURCE = /only one system topic is allowed per source/i;

/**
 * Subscribes the environment to its resource group's events. Azure allows one system topic per
 * source, so the topic is created only when the group has none; when one exists (another
 * environment's in the same group, one made in the portal) the subscription goes under it and the
 * topic itself is left as it is (onGroupSystemTopic).
 */
export async function eventGridStage(ctx: StageContext): Promise<StageReport> {
  try {
    return await subscribeOnGroupTopic(ctx);
  } catch (error) {
    // Another deployment in the same group created its topic between our list and our PUT.
    if (!ONE_TOPIC_PER_SOURCE.test(classifyFailure(error).message)) throw error;
    ctx.log('a system topic for the resource group appeared meanwhile; subscribing on it instead');
    return subscribeOnGroupTopic(ctx);
  }
}

async function subscribeOnGroupTopic(ctx: StageContext): Promise<StageReport> {
  const { resources, existing } = await onGroupSystemTopic(ctx, ctx.resources);
  const plannedTopic = ctx.resources.find((r) => r.type === 'Microsoft.EventGrid/systemTopics');
  const shared =
    existing !== undefined && existing.id.toLowerCase() !== plannedTopic?.id.toLowerCase();
  if (shared) {
    ctx.log(
      `the resource group already has the system topic ${shortId(existing.id)} (Azure allows one per source): subscribing on it`,
    );
  }
  const applied = await applyStageResources({ ...ctx, resources });
  const topicId = existing?.id ?? plannedTopic?.id ?? '';
  return reportOf(
    applied,
    { systemTopicId: topicId },
    shared ? `on the existing system topic ${topicId.split('/').at(-1) ?? ''}` : undefined,
  );
}
