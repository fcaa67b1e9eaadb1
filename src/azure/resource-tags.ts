// Tags of one resource, set with a PATCH that sends only `tags`: the rest of the resource stays
// as it is.
import { requireTimeFor, type ActivityDeadline } from '../activity-deadline.js';
import { describedCall } from './azure-error.js';
import { untilDone } from './bounded-poll.js';
import { lazyArmClient, pollOptions, type AzureConnection } from './connection.js';
import { shortId } from './resources.js';

export interface ResourceTags {
  /**
   * Replaces the resource's tags with `tags` (a PATCH's `tags` replace the whole set: pass what
   * was read, changed). Waits for the operation within the deadline.
   */
  set(id: string, apiVersion: string, tags: Record<string, string>): Promise<void>;
}

export function createResourceTags(
  connection: AzureConnection,
  subscriptionId: string,
  deadline?: ActivityDeadline,
): ResourceTags {
  const client = lazyArmClient(
    async () => (await import('@azure/arm-resources')).ResourceManagementClient,
    connection,
    subscriptionId,
  );
  return {
    async set(id, apiVersion, tags) {
      const what = `PATCH ${shortId(id)} (tags)`;
      requireTimeFor(deadline, what);
      await describedCall(what, async () => {
        const { resources } = await client();
        const poller = await resources.beginUpdateById(
          id,
          apiVersion,
          { tags },
          {
            ...pollOptions(connection),
          },
        );
        await untilDone(what, poller, deadline);
      });
    },
  };
}
