// Deployment stages that follow container group IPs: the groups, their A records, gateway pools.
import {
  applyResource,
  applyResources,
  type AppliedResource,
  ipsByGroupId,
  poolAddresses,
  readGroupAddresses,
  resolvedBody,
  writeGateway,
} from '../../environments/index.js';
import { groupRecords, withBackendAddresses } from '../../plan/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { applyStageResources } from './apply-stage.js';

/** Creates the container groups and reports the private IP each one got. */
export async function containerGroupsStage(ctx: StageContext): Promise<StageReport> {
  const applied = await applyStageResources(ctx);
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
 * the one gateway writer (If-Match, re-read on 412), then the stage's other resources.
 */
export async function gatewayStage(ctx: StageContext): Promise<StageReport> {
  const pools = poolAddresses(await readGroupAddresses(ctx));
  const applied: Pick<AppliedResource, 'changed' | 'drift'>[] = [];
  for (const resource of ctx.resources) {
    if (resource.type !== 'Microsoft.Network/applicationGateways') {
      applied.push(await applyResource(ctx.apply, resource));
      continue;
    }
    const desired = withBackendAddresses(await resolvedBody(ctx.apply, resource), pools);
    const write = await writeGateway(ctx, () => desired);
    applied.push({ changed: write.written, drift: write.drift });
  }
  return reportOf(applied, {
    app: [...(pools.app ?? [])],
    dashboard: [...(pools.dashboard ?? [])],
  });
}
