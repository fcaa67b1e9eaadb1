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
import { notReady, type NotReady } from '../workflows/activity.js';
import { poolChanges, recordChanges, type RecordChange } from './desired.js';
import { restartingGroups, restartingReason } from './restarting.js';

const PRIVATE_RECORD_API = apiVersionOf('Microsoft.Network/privateDnsZones/A');

export interface ReconcileReport {
  environment: string;
  recordChanges: RecordChange[];
  /** Backend pools whose addresses were rewritten. */
  poolsChanged: string[];
  addresses: Record<string, string | null>;
  summary: string;
}

export interface ReconcileOptions {
  /**
   * Hold the records and backends of restarting groups (no IP yet, on their way back) and leave
   * the gateway alone while any group restarts, answering "not ready"; false once the
   * orchestrator has waited long enough: then a group without an IP loses its record and backend.
   */
  waitForRestarts: boolean;
}

/**
 * One reconcile pass: gather every group's IP, compare with the private A records and the
 * gateway's backend pools, and write only what differs (one gateway PUT at most, If-Match).
 * While a group restarts, its record stays as it is and the gateway is not written: the pass
 * writes only the records of the other groups and answers "not ready", so that the gateway,
 * whose PUT takes minutes, is written once when every group has its IP.
 */
export async function reconcileEnvironment(
  services: AppServices,
  rawSpec: unknown,
  options: ReconcileOptions,
): Promise<ReconcileReport | NotReady> {
  const ctx = environmentContext(services, rawSpec, 'reconcile');
  const addresses = await readGroupAddresses(ctx);
  const restarting = options.waitForRestarts ? restartingGroups(addresses) : [];
  const records = await reconcileRecords(ctx, addresses, options);
  if (restarting.length > 0) {
    const message = `waiting for restarting container groups: ${restarting.join(', ')}`;
    ctx.log([...records.map(describeRecordChange), message].join(', '));
    return notReady(message);
  }
  const pools = await reconcilePools(ctx, addresses);
  const summary =
    records.length + pools.length === 0
      ? 'in sync: nothing to write'
      : [...records.map(describeRecordChange), ...pools.map((p) => `pool ${p} updated`)].join(', ');
  ctx.log(summary);
  return {
    environment: ctx.spec.name,
    recordChanges: records,
    poolsChanged: pools,
    addresses: Object.fromEntries(addresses.map((a) => [a.role.recordName, a.ip ?? null])),
    summary,
  };
}

function describeRecordChange(c: RecordChange): string {
  return c.action === 'upsert' ? `${c.recordName} → ${c.ip}` : `${c.recordName} removed`;
}

/** A restarting group's record keeps what it holds (see ReconcileOptions); every other record follows its group. */
async function reconcileRecords(
  ctx: EnvironmentContext,
  addresses: readonly GroupAddress[],
  options: ReconcileOptions,
): Promise<RecordChange[]> {
  const zoneId = planIds(ctx.spec).appPrivateZone;
  const recordId = (name: string) => `${zoneId}/A/${name}`;
  const states = await Promise.all(
    addresses.map(async (a) => {
      const record = await ctx.apply.store.get(recordId(a.role.recordName), PRIVATE_RECORD_API);
      const aRecords = (record?.properties as { aRecords?: { ipv4Address?: string }[] } | undefined)
        ?.aRecords;
      const recordIp = aRecords?.[0]?.ipv4Address;
      const held = options.waitForRestarts && restartingReason(a) !== undefined;
      return { recordName: a.role.recordName, groupIp: held ? recordIp : a.ip, recordIp };
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
