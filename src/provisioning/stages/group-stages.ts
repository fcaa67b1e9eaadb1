import { AppError } from '../../errors.js';
import { groupRecords, withBackendAddresses } from '../../plan/index.js';
import { applyResource, applyResources } from '../apply.js';
import { ipsByGroupId, poolAddresses, readGroupAddresses } from '../group-ips.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import { resourcesOfStage } from '../stage-graph.js';
import type { StageReport } from '../types.js';
import { applyPlanStage } from './plan-stage.js';

/** Creates the container groups and reports the private IP each one got. */
export async function containerGroupsStage(ctx: StageContext): Promise<StageReport> {
  const applied = await applyPlanStage(ctx, 'container-groups');
  const addresses = await readGroupAddresses(ctx);
  const outputs = Object.fromEntries(
    addresses.map((a) => [a.role.recordName, a.ip ?? '(no IP yet)']),
  );
  return reportOf(applied, outputs);
}

/** One private A record per group, pointing at the IP the group has now. */
export async function groupRecordsStage(ctx: StageContext): Promise<StageReport> {
  const addresses = await readGroupAddresses(ctx);
  const missing = addresses.filter((a) => !a.ip).map((a) => a.role.recordName);
  if (missing.length > 0) {
    throw new AppError(
      'transient',
      'GroupWithoutIp',
      `container groups without an IP yet: ${missing.join(', ')}`,
    );
  }
  const applied = await applyResources(ctx.apply, groupRecords(ctx.spec, ipsByGroupId(addresses)));
  const zone = ctx.spec.dns.privateZone;
  return reportOf(
    applied,
    Object.fromEntries(addresses.map((a) => [`${a.role.recordName}.${zone}`, a.ip ?? ''])),
  );
}

/** The one gateway body of the plan, with its backend pools holding the groups' current IPs. */
export async function gatewayStage(ctx: StageContext): Promise<StageReport> {
  const pools = poolAddresses(await readGroupAddresses(ctx));
  const resources = resourcesOfStage(ctx.plan, 'gateway').map((r) =>
    r.type === 'Microsoft.Network/applicationGateways'
      ? { ...r, body: withBackendAddresses(r.body, pools) }
      : r,
  );
  const applied = [];
  for (const resource of resources) applied.push(await applyResource(ctx.apply, resource));
  return reportOf(applied, {
    app: [...(pools.app ?? [])],
    dashboard: [...(pools.dashboard ?? [])],
  });
}
