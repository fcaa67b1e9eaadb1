// Taking addresses out of the gateway's backend pools before what holds them goes away (a
// container group a deployment prunes), through the one gateway writer.
import type { ArmResource } from '../azure/resources.js';
import { backendAddressesOf, withBackendAddresses } from '../plan/index.js';
import type { EnvironmentContext } from './context.js';
import { writableBody, writeGateway, type GatewayBusy } from './gateway-writer.js';
import { poolChanges } from './group-diffs.js';

export interface PoolRemoval {
  /** The pools that held one of the addresses and were written without it. */
  pools: string[];
  /** The gateway as it is now; undefined when there is none. */
  gateway: ArmResource | undefined;
}

/**
 * The gateway as read with `ips` removed from every backend pool, the rest of its body as it is:
 * one PUT If-Match the etag read, none when no pool holds them, `busy` while an operation on the
 * gateway runs (gateway-writer.ts).
 */
export async function dropFromPools(
  ctx: EnvironmentContext,
  ips: readonly string[],
): Promise<PoolRemoval | GatewayBusy> {
  const gone = new Set(ips);
  let pools: string[] = [];
  const write = await writeGateway(ctx, (current) => {
    pools = [];
    if (!current) return undefined;
    const body = writableBody(current);
    const actual = backendAddressesOf(body);
    const desired = Object.fromEntries(
      Object.entries(actual).map(([pool, held]) => [pool, held.filter((ip) => !gone.has(ip))]),
    );
    pools = poolChanges(actual, desired);
    return pools.length > 0 ? withBackendAddresses(body, desired) : undefined;
  });
  return 'busy' in write ? write : { pools, gateway: write.resource };
}
