// While the container-groups stage replaces groups one by one, the gateway keeps a live backend.
import { StillRunning } from '../../activity-deadline.js';
import {
  describeRecordChange,
  followPools,
  type GroupAddress,
  followRecords,
  readGroupAddresses,
  restartingGroups,
  runningWriter,
} from '../../environments/index.js';
import { apiVersionOf, planIds, type PlannedResource } from '../../plan/index.js';
import type { StageContext } from '../stage-context.js';

const GATEWAY_API = apiVersionOf('Microsoft.Network/applicationGateways');

/**
 * Before a group is deleted to be replaced and once it is created again, the private A records
 * and the gateway's backend pools follow the groups as they are now, as a reconcile pass would
 * (follow-groups.ts): the replaced group's old IP leaves the pool and its new IP joins it before
 * the next group goes down, instead of only in the later `group-dns-records` and `gateway`
 * stages, by which time every old backend may be gone. The new group may come back on another IP
 * ("The IP address of the container might also change due to being deployed to a different
 * underlying host", container-instances-update.md).
 *
 * Nothing to roll when the gateway does not exist yet (a first deployment). Throws StillRunning
 * ("not ready": the stage runs again after a Durable timer and carries on from where Azure got to)
 * while a group has no IP yet on its way to running, while the reconcile instance runs (it may be
 * writing the gateway, gateway-writers.ts) or while an operation on the gateway runs.
 */
export async function rollForward(
  ctx: StageContext,
  moment: 'before' | 'after',
  planned: PlannedResource,
): Promise<void> {
  const ids = planIds(ctx.spec);
  if (!(await ctx.apply.store.get(ids.gateway, GATEWAY_API))) return;
  const waiting = `${moment} replacing ${planned.name}`;
  const reconcile = await runningWriter(ctx.services.instances, 'reconcile', ctx.spec.name);
  if (reconcile)
    throw new StillRunning(
      `${reconcile} is running and may be writing the gateway; waiting ${waiting}`,
    );
  const addresses = await readGroupAddresses(ctx, { fresh: true });
  const restarting = [...restartingGroups(addresses), ...startingGroups(addresses)];
  if (restarting.length > 0)
    throw new StillRunning(
      `waiting for container groups to get their IP ${waiting}: ${restarting.join(', ')}`,
    );
  const records = await followRecords(ctx, addresses, { holdRestarting: true });
  const pools = await followPools(ctx, addresses);
  if ('busy' in pools) throw new StillRunning(`${pools.busy}; waiting ${waiting}`);
  const changes = [...records.map(describeRecordChange), ...pools.map((p) => `pool ${p} updated`)];
  if (changes.length > 0) ctx.log(`rolled forward ${waiting}: ${changes.join(', ')}`);
}

/**
 * Groups that have their IP but whose containers do not run yet ("Pending: The container group is
 * waiting to initialize (finish running init containers, mount Azure file volumes, etc.)",
 * container-state.md): the gateway would get a backend that does not answer yet.
 */
function startingGroups(addresses: readonly GroupAddress[]): string[] {
  return addresses.flatMap((a) =>
    a.ip && a.state?.toLowerCase() === 'pending' ? [`${a.role.recordName}: state Pending`] : [],
  );
}
