// Restarts a container group through ARM (`POST …/containerGroups/{name}/restart`), as
// `az container restart` does: ARM raises ResourceActionSuccess when the operation completes.
import { toAppError } from './azure-error.js';
import { armClient, pollOptions, type AzureConnection } from './connection.js';
import { commonJsExports } from './on-first-use.js';

export interface ContainerGroupTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export async function restartContainerGroup(
  connection: AzureConnection,
  target: ContainerGroupTarget,
): Promise<void> {
  try {
    const { ContainerInstanceManagementClient } = await commonJsExports(
      import('@azure/arm-containerinstance'),
    );
    const client = armClient(ContainerInstanceManagementClient, connection, target.subscriptionId);
    await client.containerGroups.beginRestartAndWait(
      target.resourceGroup,
      target.name,
      pollOptions(connection),
    );
  } catch (error) {
    throw toAppError(error, `restarting container group ${target.name}`);
  }
}
