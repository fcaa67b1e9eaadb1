// Microsoft.EventGrid/systemTopics: one system topic per Azure source, and a topic keeps its source.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { latencyOf } from '../../arm/latencies.js';

const SYSTEM_TOPICS = 'microsoft.eventgrid/systemtopics';

function sourceOf(topic: ArmResource): string | undefined {
  const source = properties(topic).source;
  return typeof source === 'string' ? source : undefined;
}

/**
 * "Only one Azure Event Grid system topic is allowed per source (like subscription, resource
 * group, etc.)" (`articles/event-grid/system-topics.md`). Azure refuses a second one, whatever
 * its name or resource group, with 400 `InvalidRequest` and this message (MicrosoftDocs/azure-docs
 * PR #97986, TaoYang-Cloud/azure.policy.monitor#12, zscaler/terraform-azurerm-cloud-connector-
 * modules `modules/terraform-zscc-ztags-azure/README.md`). Sources are ARM ids: compared
 * case-insensitively.
 */
function requireOnlyTopicOfSource(ctx: EmulatorContext, topic: ArmResource): void {
  const source = sourceOf(topic);
  if (source === undefined) return;
  const other = [...ctx.state.resources.values()].find(
    (r) =>
      key(r.type) === SYSTEM_TOPICS &&
      key(r.id) !== key(topic.id) &&
      key(sourceOf(r) ?? '') === key(source),
  );
  if (!other) return;
  throw new ArmError(
    400,
    'InvalidRequest',
    `There is an existing tracked system topic for the given source ${source}. Only one system topic is allowed per source.`,
  );
}

/**
 * A system topic's source is fixed once created: "System topic source cannot be modified."
 * (Azure/azure-quickstart-templates#13688). Status and code are inferred (the issue shows only
 * the message): 400 `InvalidRequest`, like every other Event Grid validation error here.
 */
function requireSameSource(topic: ArmResource, existing: ArmResource | undefined): void {
  const before = existing ? sourceOf(existing) : undefined;
  if (before === undefined || key(before) === key(sourceOf(topic) ?? '')) return;
  throw new ArmError(400, 'InvalidRequest', 'System topic source cannot be modified.');
}

export const systemTopics: TypeBehaviour = {
  type: 'Microsoft.EventGrid/systemTopics',

  latency: latencyOf('Microsoft.EventGrid/systemTopics'),
  prepare: (ctx, topic, existing) => {
    requireSameSource(topic, existing);
    requireOnlyTopicOfSource(ctx, topic);
    properties(topic).metricResourceId = topic.id;
  },
};
