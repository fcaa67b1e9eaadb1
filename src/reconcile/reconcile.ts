import { createGatewayOperations } from '../azure/gateway.js';
import { apiVersionOf, compareIp, groupRecords, planIds } from '../plan/index.js';
import { applyResource } from '../provisioning/apply.js';
import { poolAddresses, readGroupAddresses, type GroupAddress } from '../provisioning/group-ips.js';
import type { ProvisioningServices } from '../provisioning/services.js';
import { stageContext, type StageContext } from '../provisioning/stage-context.js';
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
  services: ProvisioningServices,
  rawSpec: unknown,
): Promise<ReconcileReport> {
  const ctx = stageContext(services, rawSpec, 'reconcile');
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
  ctx: StageContext,
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
  const ips = new Map(
    addresses.flatMap((a) => (a.ip ? [[a.role.id.toLowerCase(), a.ip] as const] : [])),
  );
  const desired = groupRecords(ctx.spec, ips);
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

async function reconcilePools(
  ctx: StageContext,
  addresses: readonly GroupAddress[],
): Promise<string[]> {
  const gateway = createGatewayOperations(ctx.services.connection, ctx.spec.subscriptionId);
  const current = await gateway.readPools(ctx.spec.resourceGroup, ctx.spec.names.gateway);
  if (!current) return [];
  const desired: Record<string, readonly string[]> = Object.fromEntries(
    Object.entries(poolAddresses(addresses))
      .filter(([pool]) => pool in current.pools)
      .map(([pool, ips]) => [pool, [...(ips ?? [])].sort(compareIp)]),
  );
  const changed = poolChanges(current.pools, desired);
  if (changed.length > 0) await current.writePools(desired);
  return changed;
}
