// The Application Gateway's backend pools, filled with the container groups' current IPs.
import type { BACKEND_POOLS } from './gateway-parts.js';
import type { JsonObject, JsonValue } from './types.js';

/** The IP addresses each backend pool should hold: the container groups' current private IPs. */
export type PoolAddresses = Partial<Record<keyof typeof BACKEND_POOLS, readonly string[]>>;

/**
 * The gateway body with its backend pools filled: the plan leaves them empty because IPs exist
 * only once the container groups run, and they change when a group restarts. Addresses are
 * sorted so that the same set of IPs always gives the same body (and no drift). Pure.
 */
export function withBackendAddresses(gatewayBody: JsonObject, pools: PoolAddresses): JsonObject {
  const body = structuredClone(gatewayBody);
  const properties = body.properties as Record<string, JsonValue> | undefined;
  const list = properties?.backendAddressPools;
  if (!Array.isArray(list)) return body;
  for (const pool of list) {
    if (typeof pool !== 'object' || pool === null || Array.isArray(pool)) continue;
    const name = pool.name as keyof typeof BACKEND_POOLS;
    const addresses = pools[name];
    if (!addresses) continue;
    pool.properties = {
      ...(pool.properties as JsonObject | undefined),
      backendAddresses: [...new Set(addresses)].sort(compareIp).map((ipAddress) => ({ ipAddress })),
    };
  }
  return body;
}

/** Numeric IPv4 order, so 192.168.1.10 comes after 192.168.1.9. */
export function compareIp(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  // Stryker disable next-line EqualityOperator: an IPv4 address has four octets, so at i = 4 both sides are undefined and compare as 0 - 0; only a string with a fifth dotted part, which no IPv4 address has, could tell i <= 4 apart (i >= 4, also hidden here, is killed by the ordering tests).
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The IP addresses each backend pool of a gateway body holds, by pool name. Pure. */
export function backendAddressesOf(gatewayBody: JsonObject): Record<string, string[]> {
  const properties = gatewayBody.properties as
    { backendAddressPools?: { name?: string; properties?: PoolProperties }[] } | undefined;
  return Object.fromEntries(
    (properties?.backendAddressPools ?? []).map((pool) => [
      pool.name ?? '',
      (pool.properties?.backendAddresses ?? []).flatMap((a) => (a.ipAddress ? [a.ipAddress] : [])),
    ]),
  );
}

type PoolProperties = { backendAddresses?: { ipAddress?: string }[] };
