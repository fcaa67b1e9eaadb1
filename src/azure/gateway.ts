// Application Gateway adapter for backend health, which the verify stage waits on.
import { requireTimeFor, type ActivityDeadline } from '../activity-deadline.js';
import { toAppError } from './azure-error.js';
import { untilDone } from './bounded-poll.js';
import { lazyArmClient, pollOptions, type AzureConnection } from './connection.js';

export interface BackendServerHealth {
  pool: string;
  address: string;
  /** Healthy, Unhealthy, Partial, Draining or Unknown, as the gateway reports it. */
  health: string;
}

/**
 * Application Gateway operations beyond the resource itself: backend health (a long-running POST,
 * waited for at most until the deadline: then StillRunning). Writes go through the generic store
 * (src/environments/gateway-writer.ts), the one path every gateway write takes.
 */
export interface GatewayOperations {
  backendHealth(resourceGroup: string, gateway: string): Promise<BackendServerHealth[]>;
}

export function createGatewayOperations(
  connection: AzureConnection,
  subscriptionId: string,
  deadline?: ActivityDeadline,
): GatewayOperations {
  const client = lazyArmClient(
    async () => (await import('@azure/arm-network')).NetworkManagementClient,
    connection,
    subscriptionId,
  );
  const poll = pollOptions(connection);
  return {
    async backendHealth(resourceGroup, gateway) {
      const what = `POST applicationGateways/${gateway}/backendhealth`;
      requireTimeFor(deadline, what);
      try {
        const { applicationGateways } = await client();
        const poller = await applicationGateways.beginBackendHealth(resourceGroup, gateway, poll);
        const result = await untilDone(what, poller, deadline);
        return (result.backendAddressPools ?? []).flatMap((pool) =>
          (pool.backendHttpSettingsCollection ?? []).flatMap((settings) =>
            (settings.servers ?? []).map((server) => ({
              pool: pool.backendAddressPool?.id?.split('/').at(-1) ?? '?',
              address: server.address ?? '?',
              health: server.health ?? 'Unknown',
            })),
          ),
        );
      } catch (error) {
        throw toAppError(error, what);
      }
    },
  };
}
