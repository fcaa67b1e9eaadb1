// Deployment stages that follow container group IPs: the groups, their A records, gateway pools.
import {
  applyResource,
  applyResources,
  type AppliedResource,
  ipsByGroupId,
  poolAddresses,
  readGroupAddresses,
  resolvedBody,
  runningWriter,
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

/** One private A record per group, pointing at the IP the group has now; waits for every IP. */
export async function groupRecordsStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const addresses = await readGroupAddresses(ctx);
  const missing = addresses.filter((a) => !a.ip).map((a) => a.role.recordName);
  if (missing.length > 0)
    return notReady(`container groups without an IP yet: ${missing.join(', ')}`);
  const applied = await applyResources(ctx.apply, groupRecords(ctx.spec, ipsByGroupId(addresses)));
  const zone = ctx.spec.dns.privateZone;
  return reportOf(
    applied,
    Object.fromEntries(addresses.map((a) => [`${a.role.recordName}.${zone}`, a.ip ?? ''])),
  );
}

/**
 * The plan's gateway body with its backend pools holding the groups' current IPs, written through
 * the one gateway writer (If-Match, re-read on 412), then the stage's other resources. Not ready
 * while the environment's reconcile instance runs (it may be writing the gateway: the deployment
 * waits for it, gateway-writers.ts) or while an operation on the gateway runs.
 */
export async function gatewayStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const reconcile = await runningWriter(ctx.services.instances, 'reconcile', ctx.spec.name);
  if (reconcile)
    return notReady(
      `${reconcile} is running and may be writing the gateway; waiting for it to finish`,
    );
  const pools = poolAddresses(await readGroupAddresses(ctx));
  const applied: Pick<AppliedResource, 'changed' | 'drift'>[] = [];
  // The pools the gateway has: no dashboard pool while the dashboard is private.
  let served: Record<string, string[]> = {};
  for (const resource of ctx.resources) {
    if (resource.type !== 'Microsoft.Network/applicationGateways') {
      applied.push(await applyResource(ctx.apply, resource));
      continue;
    }
    const desired = withBackendAddresses(await resolvedBody(ctx.apply, resource), pools);
    served = backendAddressesOf(desired);
    const write = await writeGateway(ctx, () => desired);
    if ('busy' in write) return notReady(write.busy);
    applied.push({ changed: write.written, drift: write.drift });
  }
  return reportOf(applied, served);
}
