// A rolling change of the container groups: one group out of service at a time, the others serving.
import { StillRunning } from '../../activity-deadline.js';
import { createGatewayOperations, type BackendServerHealth } from '../../azure/gateway.js';
import { AppError } from '../../errors.js';
import {
  describeRecordChange,
  followPools,
  followRecords,
  isRunning,
  readGroupAddresses,
  restartingGroups,
  runningWriter,
  writableBody,
  type GroupAddress,
} from '../../environments/index.js';
import {
  apiVersionOf,
  backendAddressesOf,
  planIds,
  type PlannedResource,
} from '../../plan/index.js';
import type { StageContext } from '../stage-context.js';
import {
  afterDisruption,
  beforeDisruption,
  drainTimeoutMs,
  isHealthy,
  scaledWaitMs,
  type Pools,
} from './roll-checks.js';

const GATEWAY_API = apiVersionOf('Microsoft.Network/applicationGateways');

/**
 * Around each disruptive change of a container group (an update in place restarts its containers,
 * a replacement deletes it: src/environments/disruption.ts), which apply.ts runs one at a time:
 *
 * - before: when the group serves, wait until every other group of its pool runs, is in the pool
 *   and is Healthy by the gateway's backend health; then write the pools without it and wait the
 *   gateway's connection-draining timeout ("all deregistering instances of a backend pool don't
 *   receive any new requests while allowing existing requests to complete within a configured
 *   time limit", articles/application-gateway/features.md, "Connection draining");
 * - after: wait until it runs with an IP (a new one, perhaps: "The IP address of the container
 *   might also change due to being deployed to a different underlying host",
 *   container-instances-update.md), put it back into the pool and the records, and wait until the
 *   gateway finds it Healthy before the next group goes. A group that does not come back (Failed,
 *   Stopped) stops the roll naming it; the others stay in the pool.
 *
 * Waiting is StillRunning ("not ready": the stage runs again after a Durable timer; a finished
 * group no longer drifts, and the next group's `before` checks the ones before it). Nothing to roll
 * without a gateway (a first deployment), while the reconcile instance runs (it may be writing the
 * gateway, gateway-writers.ts) it waits, and while an operation on the gateway runs too.
 */
export async function rollForward(
  ctx: StageContext,
  moment: 'before' | 'after',
  planned: PlannedResource,
): Promise<void> {
  const gateway = await ctx.apply.store.get(planIds(ctx.spec).gateway, GATEWAY_API);
  if (!gateway) return;
  const waiting = `${moment} changing ${planned.name}`;
  const reconcile = await runningWriter(ctx.services.instances, 'reconcile', ctx.spec.name);
  if (reconcile)
    throw new StillRunning(
      `${reconcile} is running and may be writing the gateway; waiting ${waiting}`,
    );
  const addresses = await readGroupAddresses(ctx, { fresh: true });
  const target = addresses.find((a) => a.role.id.toLowerCase() === planned.id.toLowerCase());
  if (!target) return;
  const pools: Pools = backendAddressesOf(writableBody(gateway));
  if (!(target.role.routes in pools)) return;
  if (moment === 'after') return putBack(ctx, target, addresses);
  await takeOut(ctx, target, addresses, pools);
  if (!isRunning(target)) return;
  const drainMs = drainTimeoutMs(gateway);
  if (drainMs === 0) return;
  ctx.log(`draining ${target.role.name} for ${drainMs / 1000} s of Azure time`);
  await ctx.services.sleep(scaledWaitMs(drainMs, ctx.services.settings.pollIntervalMs));
}

/** The group out of its pool once the others serve (its open connections are drained after). */
async function takeOut(
  ctx: StageContext,
  target: GroupAddress,
  addresses: readonly GroupAddress[],
  pools: Pools,
): Promise<void> {
  const inPool = target.ip !== undefined && (pools[target.role.routes] ?? []).includes(target.ip);
  const health = inPool ? await backendHealth(ctx) : [];
  const check = beforeDisruption({ target, addresses, pools, health });
  if (check.action === 'wait') {
    if (check.addOthers) await writePools(ctx, addresses, `adding the running groups`);
    throw new StillRunning(check.reason);
  }
  const others = addresses.map((a) => (a === target ? { ...a, ip: undefined } : a));
  await writePools(ctx, others, `taking ${target.role.name} out`);
}

/** The group back in its pool and records once it runs, then Healthy before the next one goes. */
async function putBack(
  ctx: StageContext,
  target: GroupAddress,
  addresses: readonly GroupAddress[],
): Promise<void> {
  const check = afterDisruption(target);
  if (check.action === 'fail') throw new AppError('unexpected', 'GroupNotRunning', check.reason);
  if (check.action === 'wait') throw new StillRunning(check.reason);
  const restarting = restartingGroups(addresses);
  if (restarting.length > 0)
    throw new StillRunning(
      `waiting for container groups to get their IP: ${restarting.join(', ')}`,
    );
  const records = await followRecords(ctx, addresses, { holdRestarting: true });
  if (records.length > 0)
    ctx.log(`records followed: ${records.map(describeRecordChange).join(', ')}`);
  await writePools(ctx, addresses, `putting ${target.role.name} back`);
  if (!isHealthy(await backendHealth(ctx), target.role.routes, target.ip))
    throw new StillRunning(
      `waiting for the gateway's probes to find ${target.role.name} (${target.ip ?? 'no IP'}) Healthy in pool ${target.role.routes} before the next group`,
    );
}

/** The pools written to hold the IPs of `addresses`, through the one gateway writer. */
async function writePools(
  ctx: StageContext,
  addresses: readonly GroupAddress[],
  why: string,
): Promise<void> {
  const pools = await followPools(ctx, addresses);
  if ('busy' in pools) throw new StillRunning(`${pools.busy}; waiting before ${why}`);
  if (pools.length > 0) ctx.log(`${why}: pool ${pools.join(', ')} updated`);
}

async function backendHealth(ctx: StageContext): Promise<BackendServerHealth[]> {
  return createGatewayOperations(
    ctx.services.connection,
    ctx.spec.subscriptionId,
    ctx.services.deadline,
  ).backendHealth(ctx.spec.resourceGroup, ctx.spec.names.gateway);
}
