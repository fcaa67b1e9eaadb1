// The private A records and the gateway's backend pools follow the container groups' current IPs:
// the reconciler does it after a restart, the deployment after each group it replaces.
import {
  apiVersionOf,
  backendAddressesOf,
  compareIp,
  groupRecords,
  planIds,
  withBackendAddresses,
  type JsonObject,
  type PlannedResource,
} from '../plan/index.js';
import { applyResource, resolvedBody, type ApplyContext } from './apply.js';
import type { EnvironmentContext } from './context.js';
import { writableBody, writeGateway, type GatewayBusy } from './gateway-writer.js';
import { ipsByGroupId, poolAddresses, type GroupAddress } from './group-addresses.js';
import { poolChanges, recordChanges, type RecordChange } from './group-diffs.js';
import { deleteOwned, type DeleteTarget } from './ownership-delete.js';
import { restartingReason } from './restarting.js';

const PRIVATE_RECORD_TYPE = 'Microsoft.Network/privateDnsZones/A';
const PRIVATE_RECORD_API = apiVersionOf(PRIVATE_RECORD_TYPE);

/** A group's A record, whose owner is recorded in its metadata (src/plan/group-records.ts). */
const recordTarget = (id: string): DeleteTarget => ({
  id,
  type: PRIVATE_RECORD_TYPE,
  apiVersion: PRIVATE_RECORD_API,
  recordedIn: 'metadata',
});

export interface FollowOptions {
  /**
   * Keep the record of a restarting group (no IP yet, on its way back: restarting.ts) as it is;
   * false once waiting has lasted long enough: then a group without an IP loses its record.
   */
  holdRestarting: boolean;
}

/** Every group's record follows its group (but restarting ones, see FollowOptions); the changes made. */
export async function followRecords(
  ctx: EnvironmentContext,
  addresses: readonly GroupAddress[],
  options: FollowOptions,
): Promise<RecordChange[]> {
  const zoneId = planIds(ctx.spec).appPrivateZone;
  const recordId = (name: string) => `${zoneId}/A/${name}`;
  // One list of the zone's A record sets (RecordSets_ListByType) rather than a GET per group: the
  // list shows each record set whole, etag and metadata included (example RecordSetAList.json,
  // specification/privatedns/…/2024-06-01). No zone: no records.
  const listed = (await ctx.apply.store.list(`${zoneId}/A`, PRIVATE_RECORD_API)) ?? [];
  const byName = new Map(listed.map((r) => [(r.name ?? '').toLowerCase(), r]));
  const states = addresses.map((a) => {
    const record = byName.get(a.role.recordName.toLowerCase());
    const aRecords = (record?.properties as { aRecords?: { ipv4Address?: string }[] } | undefined)
      ?.aRecords;
    const recordIp = aRecords?.[0]?.ipv4Address;
    const held = options.holdRestarting && restartingReason(a) !== undefined;
    return { recordName: a.role.recordName, groupIp: held ? recordIp : a.ip, recordIp, record };
  });
  const changes = recordChanges(states);
  const desired = groupRecords(ctx.spec, ipsByGroupId(addresses));
  for (const change of changes) {
    if (change.action === 'delete') {
      const record = states.find((s) => s.recordName === change.recordName)?.record;
      await deleteOwned(ctx.apply, recordTarget(recordId(change.recordName)), record);
      continue;
    }
    const planned = desired.find(
      (r) => r.id.toLowerCase() === recordId(change.recordName).toLowerCase(),
    );
    if (planned) await applyResource(ctx.apply, planned);
  }
  return changes;
}

/**
 * The gateway as it is, with only its pools' addresses changed, through the one gateway writer;
 * the pools rewritten (none when the gateway does not exist), or `busy` while an operation on it runs.
 */
export async function followPools(
  ctx: EnvironmentContext,
  addresses: readonly GroupAddress[],
): Promise<string[] | GatewayBusy> {
  let changed: string[] = [];
  const write = await writeGateway(ctx, (current) => {
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
  return 'busy' in write ? write : changed;
}

/**
 * The plan's gateway as the deployment writes it (and `diff` compares it): references resolved,
 * each backend pool holding its groups' current IPs, which the plan leaves out because they exist
 * only once the groups run.
 */
export async function gatewayWithPools(
  ctx: ApplyContext,
  planned: PlannedResource,
  addresses: readonly GroupAddress[],
): Promise<JsonObject> {
  return withBackendAddresses(await resolvedBody(ctx, planned), poolAddresses(addresses));
}

export function describeRecordChange(c: RecordChange): string {
  return c.action === 'upsert' ? `${c.recordName} → ${c.ip}` : `${c.recordName} removed`;
}
