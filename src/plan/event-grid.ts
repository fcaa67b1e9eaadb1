// Event Grid system topic and subscription: how container group changes reach the reconciler.
import { planned, type PlanContext } from './context.js';
import { param } from './references.js';
import type { EventDestination, JsonObject, PlannedResource } from './types.js';

export const CONTAINER_GROUP_EVENT_TYPES = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
  'Microsoft.Resources.ResourceActionSuccess',
] as const;

/** The topic type of a resource group's system topic (its events: event-schema-resource-groups.md). */
export const RESOURCE_GROUP_TOPIC_TYPE = 'Microsoft.Resources.ResourceGroups';

const SYSTEM_TOPIC_TYPE = 'Microsoft.EventGrid/systemTopics';

function destination(ctx: PlanContext): JsonObject {
  const chosen: EventDestination = ctx.options.eventDestination ?? {
    endpointType: 'AzureFunction',
    resourceId: param('eventHandlerFunctionId'),
  };
  const batching = { maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64 };
  return chosen.endpointType === 'AzureFunction'
    ? { endpointType: 'AzureFunction', properties: { resourceId: chosen.resourceId, ...batching } }
    : { endpointType: 'WebHook', properties: { endpointUrl: chosen.endpointUrl, ...batching } };
}

/** The longest start all names share: `ci-<environment>-` for the app groups and the dashboard. */
function commonPrefix(names: readonly string[]): string {
  // Stryker disable next-line StringLiteral: eventGrid passes the app groups' names and the dashboard's, never an empty list, so the fallback (there for noUncheckedIndexedAccess) never runs.
  const [first = '', ...rest] = names;
  let length = first.length;
  for (const name of rest) {
    // Ends at length 0 at the latest, where both slices are ''.
    while (name.slice(0, length) !== first.slice(0, length)) length -= 1;
  }
  return first.slice(0, length);
}

/**
 * Resource-group events for this environment's container groups reach the reconciler. A resource
 * event's subject is the resource id
 * (https://learn.microsoft.com/azure/event-grid/event-schema-resource-groups); ARM writes it as
 * `…/resourcegroups/…`, so the prefix match is case-insensitive. The prefix ends with the
 * environment's group names, so two environments sharing a resource group (and its one system
 * topic) each receive their own groups' events.
 */
export function eventGrid(ctx: PlanContext): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  const groups = [...spec.names.appContainerGroups, spec.names.dashboardContainerGroup];
  const topic = planned({
    id: ids.eventGridSystemTopic,
    type: SYSTEM_TOPIC_TYPE,
    area: 'event-grid',
    body: {
      location: 'global',
      tags,
      properties: { source: ids.resourceGroup, topicType: RESOURCE_GROUP_TOPIC_TYPE },
    },
  });
  const subscription = planned({
    id: `${ids.eventGridSystemTopic}/eventSubscriptions/${spec.names.eventGridSubscription}`,
    type: 'Microsoft.EventGrid/systemTopics/eventSubscriptions',
    area: 'event-grid',
    body: {
      properties: {
        destination: destination(ctx),
        filter: {
          includedEventTypes: [...CONTAINER_GROUP_EVENT_TYPES],
          subjectBeginsWith: `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/${commonPrefix(groups)}`,
          isSubjectCaseSensitive: false,
        },
        eventDeliverySchema: 'EventGridSchema',
        retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
      },
    },
    dependsOn: [ids.eventGridSystemTopic],
  });
  return [topic, subscription];
}

/** A system topic as Azure lists it: enough to tell which source it serves. */
export interface SystemTopicSummary {
  id: string;
  source: string;
  topicType: string;
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The system topic that already serves the resource group `source`, if any. "Only one Azure
 * Event Grid system topic is allowed per source" (`articles/event-grid/system-topics.md`): when
 * one exists (another environment's, or one made in the portal), a second is refused, so the
 * environment subscribes to that one. ARM ids compare case-insensitively.
 */
export function systemTopicOfSource(
  topics: readonly SystemTopicSummary[],
  source: string,
): SystemTopicSummary | undefined {
  return topics.find(
    (t) => sameId(t.source, source) && sameId(t.topicType, RESOURCE_GROUP_TOPIC_TYPE),
  );
}

/**
 * The event-grid stage's resources when the source already has the system topic `topicId`. When
 * it is the planned topic nothing changes; otherwise the planned topic is dropped (the existing
 * one is not ours to rewrite: it keeps its name and tags) and the environment's event
 * subscription, same name and body, moves under the existing topic.
 */
export function onSystemTopic(
  resources: readonly PlannedResource[],
  topicId: string,
): PlannedResource[] {
  const plannedTopic = resources.find((r) => r.type === SYSTEM_TOPIC_TYPE);
  if (!plannedTopic || sameId(plannedTopic.id, topicId)) return [...resources];
  const below = `${plannedTopic.id}/`.toLowerCase();
  return resources
    .filter((r) => r !== plannedTopic)
    .map((r) => ({
      ...r,
      id: r.id.toLowerCase().startsWith(below) ? `${topicId}/${r.id.slice(below.length)}` : r.id,
      dependsOn: r.dependsOn.filter((d) => !sameId(d, plannedTopic.id)),
    }));
}
