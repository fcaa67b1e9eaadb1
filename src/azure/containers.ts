// Azure Container Instances adapter: restarting a group, so it picks up a renewed certificate.
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { toAppError } from './azure-error.js';
import { pollOptions, type AzureConnection } from './connection.js';

/** Container group operations beyond the plan's PUT. */
export interface ContainerGroups {
  /** Restarts every container of the group, init containers first; waits for the operation. */
  restart(resourceGroup: string, name: string): Promise<void>;
}

export function createContainerGroups(
  connection: AzureConnection,
  subscriptionId: string,
): ContainerGroups {
  const client = new ContainerInstanceManagementClient(
    connection.credential,
    subscriptionId,
    connection.armOptions,
  );
  const poll = pollOptions(connection);
  return {
    async restart(resourceGroup, name) {
      try {
        await client.containerGroups.beginRestartAndWait(resourceGroup, name, poll);
      } catch (error) {
        throw toAppError(error, `POST containerGroups/${name}/restart`);
      }
    },
  };
}
