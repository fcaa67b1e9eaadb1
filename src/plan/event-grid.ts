// Event Grid system topic and subscription: how container group changes reach the reconciler.
import { planned, type PlanContext } from './context.js';
import { param } from './references.js';
import type { EventDestination, JsonObject, PlannedResource } from './types.js';

export const CONTAINER_GROUP_EVENT_TYPES = [
  'Microsoft.Resources.ResourceWriteSuccess',
  'Microsoft.Resources.ResourceDeleteSuccess',
  'Microsoft.Resources.ResourceActionSuccess',
] as const;

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

/**
 * Resource-group events for container groups reach the reconciler. A resource event's subject is
 * the resource id (https://learn.microsoft.com/azure/event-grid/event-schema-resource-groups);
 * ARM writes it as `…/resourcegroups/…`, so the prefix match is case-insensitive.
 */
export function eventGrid(ctx: PlanContext): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  const topic = planned({
    id: ids.eventGridSystemTopic,
    type: 'Microsoft.EventGrid/systemTopics',
    area: 'event-grid',
    body: {
      location: 'global',
      tags,
      properties: { source: ids.resourceGroup, topicType: 'Microsoft.Resources.ResourceGroups' },
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
          subjectBeginsWith: `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/`,
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
