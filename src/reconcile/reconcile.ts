// One reconcile pass: private DNS records and gateway backend pools follow the groups' IPs.
import {
  applyResource,
  environmentContext,
  ipsByGroupId,
  poolAddresses,
  readGroupAddresses,
  writableBody,
  writeGateway,
  type EnvironmentContext,
  type GroupAddress,
} from '../environments/index.js';
import {
  apiVersionOf,
  backendAddressesOf,
  compareIp,
  groupRecords,
  planIds,
  withBackendAddresses,
} from '../plan/index.js';
import type { AppServices } from '../services.js';
import { poolChanges, recordChanges, type RecordChange } from './desired.js';

const PRIVATE_RECORD_API = apiVersionOf('Microsoft.Network/privateDnsZones/A');

export interface ReconcileReport {
  environment: string;
  recordChanges: RecordChange[];
  /** Backend pools whose addresses were rewritten. */
  poolsChanged: string[];
  addresses: Record<string, string | null>;
  summary: string;
}

/**
 * One reconcile pass: gather every group's IP, compare with the private A records and the
 * gateway's backend pools, and write only what differs (one gateway PUT at most, If-Match).
 */
export async function reconcileEnvironment(
  services: AppServices,
  rawSpec: unknown,
): Promise<ReconcileReport> {
  const ctx = environmentContext(services, rawSpec, 'reconcile');
  const addresses = await readGroupAddresses(ctx);
  const records = await reconcileRecords(ctx, addresses);
  const pools = await reconcilePools(ctx, addresses);
  const summary =
    records.length + pools.length === 0
      ? 'in sync: nothing to write'
      : [
          ...records.map((c) =>
            c.action === 'upsert' ? `${c.recordName} → ${c.ip}` : `${c.recordName} removed`,
          ),
          ...pools.map((p) => `pool ${p} updated`),
        ].join(', ');
  ctx.log(summary);
  return {
    environment: ctx.spec.name,
    recordChanges: records,
    poolsChanged: pools,
    addresses: Object.fromEntries(addresses.map((a) => [a.role.recordName, a.ip ?? null])),
    summary,
  };
}

async function reconcileRecords(
  ctx: EnvironmentContext,
  addresses: readonly GroupAddress[],
): Promise<RecordChange[]> {
  const zoneId = planIds(ctx.spec).appPrivateZone;
  const recordId = (name: string) => `${zoneId}/A/${name}`;
  const states = await Promise.all(
    addresses.map(async (a) => {
      const record = await ctx.apply.store.get(recordId(a.role.recordName), PRIVATE_RECORD_API);
      const aRecords = (record?.properties as { aRecords?: { ipv4Address?: string }[] } | undefined)
        ?.aRecords;
      return { recordName: a.role.recordName, groupIp: a.ip, recordIp: aRecords?.[0]?.ipv4Address };
    }),
  );
  const changes = recordChanges(states);
  const desired = groupRecords(ctx.spec, ipsByGroupId(addresses));
  for (const change of changes) {
    if (change.action === 'delete') {
      await ctx.apply.store.delete(recordId(change.recordName), PRIVATE_RECORD_API);
      continue;
    }
    const planned = desired.find(
      (r) => r.id.toLowerCase() === recordId(change.recordName).toLowerCase(),
    );
    if (planned) await applyResource(ctx.apply, planned);
  }
  return changes;
}

/** The gateway as it is, with only its pools' addresses changed, through the one gateway writer. */
async function reconcilePools(
  ctx: EnvironmentContext,
  addresses: readonly GroupAddress[],
): Promise<string[]> {
  let changed: string[] = [];
  await writeGateway(ctx, (current) => {
    changed = [];
    if (!current) return undefined;
    const body = writableBody(current);
    const actual = backendAddressesOf(body);
    const desired: Record<string, readonly string[]> = Object.fromEntries(
      Object.entries(poolAddresses(addresses))
        .filter(([pool]) => pool in actual)
        .map(([pool, ips]) => [pool, [...(ips ?? [])].sort(compareIp)]),
    );
    changed = poolChanges(actual, desired);
    return changed.length > 0 ? withBackendAddresses(body, desired) : undefined;
  });
  return changed;
}
