// Deployment stages that follow container group IPs: the groups, their A records, gateway pools.
import {
  applyResource,
  applyResources,
  type AppliedResource,
  type GroupAddress,
  ipsByGroupId,
  poolAddresses,
  readGroupAddresses,
  resolvedBody,
  runningWriter,
  followPools,
  writableBody,
  writeGateway,
} from '../../environments/index.js';
import {
  backendAddressesOf,
  groupRecords,
  withBackendAddresses,
  type PlannedResource,
} from '../../plan/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { applyStageResources } from './apply-stage.js';
import { rollForward } from './roll-forward.js';

/**
 * Creates the container groups and reports the private IP each one got. A group that must be
 * replaced is replaced one at a time, the records and the gateway's pools rolled forward before
 * and after each (roll-forward.ts), so that the gateway keeps a live backend throughout.
 */
export async function containerGroupsStage(ctx: StageContext): Promise<StageReport> {
  const aroundReplace = (moment: 'before' | 'after', planned: PlannedResource) =>
    rollForward(ctx, moment, planned);
  const applied = await applyStageResources({ ...ctx, apply: { ...ctx.apply, aroundReplace } });
  const addresses = await readGroupAddresses(ctx);
  const outputs = Object.fromEntries(
    addresses.map((a) => [a.role.recordName, a.ip ?? '(no IP yet)']),
  );
  return reportOf(applied, outputs);
}

const GATEWAY_TYPE = 'Microsoft.Network/applicationGateways';

/** "Not ready" while a group has no IP yet. */
function withoutIp(addresses: readonly GroupAddress[]): NotReady | undefined {
  const missing = addresses.filter((a) => !a.ip).map((a) => a.role.recordName);
  return missing.length > 0
    ? notReady(`container groups without an IP yet: ${missing.join(', ')}`)
    : undefined;
}

/** One private A record per group, pointing at the IP the group has now; waits for every IP. */
export async function groupRecordsStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const addresses = await readGroupAddresses(ctx);
  const waiting = withoutIp(addresses);
  if (waiting) return waiting;
  const applied = await applyResources(ctx.apply, groupRecords(ctx.spec, ipsByGroupId(addresses)));
  const zone = ctx.spec.dns.privateZone;
  return reportOf(
    applied,
    Object.fromEntries(addresses.map((a) => [`${a.role.recordName}.${zone}`, a.ip ?? ''])),
  );
}

/**
 * The gateway's backend pools once every group has its IP: the gateway stage does not wait for
 * the groups (the gateway's create takes minutes, a group's two), so on a first deployment its
 * pools hold what existed then, and this stage writes the rest in one update as a reconcile pass
 * would (followPools; about 40 s against the create's 6 minutes: README "Design decisions").
 * Nothing to write when the pools already hold every IP, as on any later deployment.
 */
export async function gatewayBackendsStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const addresses = await readGroupAddresses(ctx);
  const waiting = withoutIp(addresses) ?? (await reconcileRunning(ctx));
  if (waiting) return waiting;
  const changed = await followPools(ctx, addresses);
  if ('busy' in changed) return notReady(changed.busy);
  const pools = poolAddresses(addresses);
  return reportOf(
    [{ changed: changed.length > 0, drift: changed }],
    Object.fromEntries(
      changed.map((pool) => [pool, [...(pools[pool as keyof typeof pools] ?? [])]]),
    ),
  );
}

/** "Not ready" while the environment's reconcile instance runs: it may be writing the gateway. */
async function reconcileRunning(ctx: StageContext): Promise<NotReady | undefined> {
  const reconcile = await runningWriter(ctx.services.instances, 'reconcile', ctx.spec.name);
  return reconcile
    ? notReady(`${reconcile} is running and may be writing the gateway; waiting for it to finish`)
    : undefined;
}

/**
 * The plan's gateway body written through the one gateway writer (If-Match, re-read on 412), then
 * the stage's other resources. Its backend pools: those the gateway holds when it exists (the
 * container-groups stage may be rolling them forward meanwhile, and `gateway-backends` writes
 * them after it), otherwise the IPs of the groups that have one. Not ready while the environment's
 * reconcile instance runs (it may be writing the gateway: the deployment waits for it,
 * gateway-writers.ts) or while an operation on the gateway runs.
 */
export async function gatewayStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const waiting = await reconcileRunning(ctx);
  if (waiting) return waiting;
  const groups = poolAddresses(await readGroupAddresses(ctx));
  const applied: Pick<AppliedResource, 'changed' | 'drift'>[] = [];
  // The pools the gateway has: no dashboard pool while the dashboard is private.
  let served: Record<string, string[]> = {};
  for (const resource of ctx.resources) {
    if (resource.type !== GATEWAY_TYPE) {
      applied.push(await applyResource(ctx.apply, resource));
      continue;
    }
    const body = await resolvedBody(ctx.apply, resource);
    const write = await writeGateway(ctx, (current) => {
      const pools = current ? backendAddressesOf(writableBody(current)) : groups;
      const desired = withBackendAddresses(body, pools);
      served = backendAddressesOf(desired);
      return desired;
    });
    if ('busy' in write) return notReady(write.busy);
    applied.push({ changed: write.written, drift: write.drift });
  }
  return reportOf(applied, served);
}
