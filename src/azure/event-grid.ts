// Event Grid system topics of a subscription (Microsoft.EventGrid/systemTopics list operation).
import type { SystemTopic } from '@azure/arm-eventgrid';
import { describedCall } from './azure-error.js';
import { lazyArmClient, type AzureConnection } from './connection.js';
import { commonJsExports } from './on-first-use.js';

/** A system topic as ARM lists it: its id, the source it serves and its topic type. */
export interface SystemTopicListing {
  id: string;
  source: string;
  topicType: string;
}

/**
 * The system topics of a subscription, whichever resource group holds them: Azure allows one per
 * source, and a topic is only "in general" in its source's resource group
 * (`articles/event-grid/system-topics.md`); one made in the portal or by another tool may be
 * elsewhere. 403 means the identity may not read `Microsoft.EventGrid/systemTopics` at
 * subscription scope.
 */
export interface SystemTopics {
  list(): Promise<SystemTopicListing[]>;
}

/** Only what `list` calls: any async iterable of system topics (the SDK's is paged). */
interface SystemTopicsApi {
  listBySubscription(): AsyncIterable<SystemTopic>;
}

export function createSystemTopics(
  connection: AzureConnection,
  subscriptionId: string,
): SystemTopics {
  const client = lazyArmClient(
    async () => (await commonJsExports(import('@azure/arm-eventgrid'))).EventGridManagementClient,
    connection,
    subscriptionId,
  );
  return systemTopics({
    async *listBySubscription() {
      yield* (await client()).systemTopics.listBySubscription();
    },
  });
}

export function systemTopics(api: SystemTopicsApi): SystemTopics {
  return {
    list: () =>
      describedCall('GET providers/Microsoft.EventGrid/systemTopics', async () => {
        const topics: SystemTopicListing[] = [];
        for await (const topic of api.listBySubscription()) {
          if (!topic.id) continue;
          topics.push({
            id: topic.id,
            source: topic.source ?? '',
            topicType: topic.topicType ?? '',
          });
        }
        return topics;
      }),
  };
}
