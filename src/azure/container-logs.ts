// A container's log in a container group (Containers_ListLogs), read after a run-once group's
// container has exited.
import { requireTimeFor, type ActivityDeadline } from '../activity-deadline.js';
import { describedCall } from './azure-error.js';
import { lazyArmClient, type AzureConnection } from './connection.js';
import { commonJsExports } from './on-first-use.js';

export interface ContainerLogs {
  /**
   * The last `tail` lines of the container's log: `GET …/containerGroups/{group}/containers/
   * {container}/logs?tail=N` ("The number of lines to show from the tail of the container
   * instance log", containerInstance.json 2023-05-01). 404 (no such group or container) is a
   * not-found failure, like any other answer ARM refuses.
   */
  tail(group: string, container: string, lines: number): Promise<string>;
}

export function createContainerLogs(
  connection: AzureConnection,
  target: { subscriptionId: string; resourceGroup: string },
  deadline?: ActivityDeadline,
): ContainerLogs {
  const client = lazyArmClient(
    async () =>
      (await commonJsExports(import('@azure/arm-containerinstance')))
        .ContainerInstanceManagementClient,
    connection,
    target.subscriptionId,
  );
  return {
    async tail(group, container, lines) {
      const what = `GET containerGroups/${group}/containers/${container}/logs`;
      requireTimeFor(deadline, what);
      const logs = await describedCall(what, async () => {
        const { containers } = await client();
        return containers.listLogs(target.resourceGroup, group, container, { tail: lines });
      });
      return logs.content ?? '';
    },
  };
}
