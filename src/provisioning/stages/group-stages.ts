// Deployment stages that follow container group IPs: the groups, their A records, gateway pools.
import {
  applyResource,
  applyResources,
  type AppliedResource,
  gatewayWithPools,
  type GroupAddress,
  ipsByGroupId,
  readGroupAddresses,
  resolvedBody,
  runningWriter,
  writeGateway,
} from '../../environments/index.js';
import {
  backendAddressesOf,
  gatewayFrame,
  groupRecords,
  type PlannedResource,
} from '../../plan/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { applyStageResources } from './apply-stage.js';
import { gatewayGrantsNotReady } from './gateway-grants.js';
import { rollForward } from './roll-forward.js';

/**
 * Creates the container groups and reports the private IP each one got. A change that restarts or
 * replaces existing groups rolls: one group at a time, taken out of the gateway's pools and put
 * back once healthy (roll-forward.ts), so that the pool never holds fewer than N−1 healthy
 * backends. Creating groups rolls nothing.
 */
export async function containerGroupsStage(ctx: StageContext): Promise<StageReport> {
  const aroundDisruption = (moment: 'before' | 'after', planned: PlannedResource) =>
    rollForward(ctx, moment, planned);
  const applied = await applyStageResources({
    ...ctx,
    apply: { ...ctx.apply, aroundDisruption },
  });
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

/** "Not ready" while the environment's reconcile instance runs: it may be writing the gateway. */
async function reconcileRunning(ctx: StageContext): Promise<NotReady | undefined> {
  const reconcile = await runningWriter(ctx.services.instances, 'reconcile', ctx.spec.name);
  return reconcile
    ? notReady(`${reconcile} is running and may be writing the gateway; waiting for it to finish`)
    : undefined;
}

/** The plan's Application Gateway. */
function plannedGateway(ctx: StageContext): PlannedResource {
  const planned = ctx.plan.resources.find((r) => r.type === GATEWAY_TYPE);
  if (!planned) throw new Error(`the plan of ${ctx.spec.name} has no Application Gateway`);
  return planned;
}

/**
 * The gateway created early: the create takes about six minutes (the longest write of the
 * deployment), so it starts as soon as its network and identity exist, without the HTTPS listener
 * that needs the vault and the certificate (gateway-frame.ts). An existing gateway is left as it
 * is (no reconcile pass can be writing a missing one): `gateway-configuration` brings it to the
 * plan. Measured against creating it whole after the certificate: README "Design decisions".
 */
export async function gatewayStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const planned = plannedGateway(ctx);
  const frame = await resolvedBody(ctx.apply, { ...planned, body: gatewayFrame(planned.body) });
  const write = await writeGateway(ctx, (current) => (current ? undefined : frame));
  // Busy means the gateway exists, which is all this stage needs.
  const written = 'busy' in write ? { written: false, drift: [] } : write;
  return reportOf([{ changed: written.written, drift: written.drift }], {});
}

/**
 * The plan's gateway body written whole through the one gateway writer (If-Match, re-read on
 * 412), its pools holding every group's current IP, once the certificate is in the vault and
 * every group has an IP: on a first deployment one update of the gateway the gateway stage
 * created (about 40 s against the create's six minutes); on a later one, nothing when the gateway
 * already matches. Not ready while the environment's reconcile instance runs (it may be writing
 * the gateway: gateway-writers.ts), while a group has no IP, while the gateway identity's grant
 * on the certificate may not have applied (gateway-grants.ts), or while an operation on the
 * gateway runs.
 */
export async function gatewayConfigurationStage(
  ctx: StageContext,
): Promise<StageReport | NotReady> {
  const reconciling = await reconcileRunning(ctx);
  if (reconciling) return reconciling;
  const addresses = await readGroupAddresses(ctx);
  const waiting = withoutIp(addresses);
  if (waiting) return waiting;
  const applied: Pick<AppliedResource, 'changed' | 'drift'>[] = [];
  let served: Record<string, string[]> = {};
  for (const resource of ctx.resources) {
    if (resource.type !== GATEWAY_TYPE) {
      applied.push(await applyResource(ctx.apply, resource));
      continue;
    }
    const grants = await gatewayGrantsNotReady(ctx, resource);
    if (grants) return grants;
    const desired = await gatewayWithPools(ctx.apply, resource, addresses);
    served = backendAddressesOf(desired);
    const write = await writeGateway(ctx, () => desired);
    if ('busy' in write) return notReady(write.busy);
    applied.push({ changed: write.written, drift: write.drift });
  }
  return reportOf(applied, served);
}
