import { NetworkManagementClient } from '@azure/arm-network';
import { toAppError } from './azure-error.js';
import { pollOptions, type AzureConnection } from './connection.js';

export interface BackendServerHealth {
  pool: string;
  address: string;
  /** Healthy, Unhealthy, Partial, Draining or Unknown, as the gateway reports it. */
  health: string;
}

/** Application Gateway operations beyond the plan's PUT: backend health, and backend pools. */
export interface GatewayOperations {
  backendHealth(resourceGroup: string, gateway: string): Promise<BackendServerHealth[]>;
  /** The IP addresses of each backend pool, or undefined when the gateway does not exist. */
  readPools(resourceGroup: string, gateway: string): Promise<GatewayPools | undefined>;
}

export interface GatewayPools {
  pools: Record<string, string[]>;
  /**
   * Writes the whole gateway back with these pool addresses, If-Match the etag it was read with:
   * a gateway changed in between answers 412, a conflict to re-read and retry.
   */
  writePools(pools: Record<string, readonly string[]>): Promise<void>;
}

export function createGatewayOperations(
  connection: AzureConnection,
  subscriptionId: string,
): GatewayOperations {
  const client = new NetworkManagementClient(
    connection.credential,
    subscriptionId,
    connection.armOptions,
  );
  const poll = pollOptions(connection);
  return {
    async backendHealth(resourceGroup, gateway) {
      try {
        const result = await client.applicationGateways.beginBackendHealthAndWait(
          resourceGroup,
          gateway,
          poll,
        );
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
        throw toAppError(error, `POST applicationGateways/${gateway}/backendhealth`);
      }
    },
    async readPools(resourceGroup, gateway) {
      let model;
      try {
        model = await client.applicationGateways.get(resourceGroup, gateway);
      } catch (error) {
        const failure = toAppError(error, `GET applicationGateways/${gateway}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
      const pools = Object.fromEntries(
        (model.backendAddressPools ?? []).map((p) => [
          p.name ?? '',
          (p.backendAddresses ?? []).flatMap((a) => (a.ipAddress ? [a.ipAddress] : [])),
        ]),
      );
      return {
        pools,
        writePools: async (desired) => {
          for (const pool of model.backendAddressPools ?? []) {
            const addresses = desired[pool.name ?? ''];
            if (addresses) pool.backendAddresses = addresses.map((ipAddress) => ({ ipAddress }));
          }
          try {
            await client.applicationGateways.beginCreateOrUpdateAndWait(
              resourceGroup,
              gateway,
              model,
              {
                ...poll,
                requestOptions: { customHeaders: model.etag ? { 'if-match': model.etag } : {} },
              },
            );
          } catch (error) {
            throw toAppError(error, `PUT applicationGateways/${gateway}`);
          }
        },
      };
    },
  };
}
