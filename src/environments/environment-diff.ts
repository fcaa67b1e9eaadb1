// What a deployment of an environment would change, read from Azure without writing anything
// (`aci-vnet-sidecars diff`): every resource the deployment writes, compared the way its stages
// compare it before they decide to write.
import { shortId, type ArmResource } from '../azure/resources.js';
import { AppError } from '../errors.js';
import {
  findReferences,
  groupRecords,
  resourceChange,
  type JsonObject,
  type PlannedResource,
  type ResourceChange,
} from '../plan/index.js';
import { ownershipRefusal, resolvedBody } from './apply.js';
import { resolveTenantId, type EnvironmentContext } from './context.js';
import { gatewayWithPools } from './follow-groups.js';
import { ipsByGroupId, readGroupAddresses, type GroupAddress } from './group-addresses.js';
import { pruneDiffs } from './prune-diff.js';
import { onGroupSystemTopic } from './system-topic.js';

/** A planned resource's change, or the deletion of one the plan no longer has (prune-diff.ts). */
export type DiffChange = ResourceChange | { action: 'delete' };

export interface ResourceDiff {
  /**
   * As the deployment writes it: the subscription under the group's topic, a group's A record;
   * for a deletion, what exists (its body is empty: nothing is written).
   */
  resource: Pick<PlannedResource, 'id' | 'type' | 'name' | 'body' | 'scope'>;
  change: DiffChange;
  /** What the change alone does not say: why it could not be compared, or why a deployment would not make it. */
  note?: string;
}

const GATEWAY_TYPE = 'Microsoft.Network/applicationGateways';

/**
 * Every resource a deployment of the context's plan writes, in plan order, then the groups' A
 * records, each compared with what exists by `resourceChange`, the deployment's own comparison:
 * references resolved from the resources read (tenantId from an identity, as the stages do), the
 * gateway with its pools holding the groups' current IPs, one A record per group that has an IP,
 * the event subscription under the resource group's system topic, and the ownership rules that
 * make a deployment leave a resource as it is or refuse it; last, what its prune stage would
 * delete (prune-diff.ts). Reads only: GETs and the lists of the subscription's system topics, of
 * the resource group's container groups and of the private zone's A records.
 */
export async function diffEnvironment(ctx: EnvironmentContext): Promise<ResourceDiff[]> {
  const { resources } = await onGroupSystemTopic(ctx, ctx.plan.resources);
  return [...(await diffResources(ctx, resources)), ...(await pruneDiffs(ctx))];
}

/** diffEnvironment for `resources`, the plan's resources as the event-grid stage places them. */
export async function diffResources(
  ctx: EnvironmentContext,
  resources: readonly PlannedResource[],
): Promise<ResourceDiff[]> {
  const actuals = await readAll(ctx, resources);
  await resolveTenantId(ctx).catch(unlessMissing);
  const addresses = await readGroupAddresses(ctx);
  const records = groupRecords(ctx.spec, ipsByGroupId(addresses));
  actuals.push(...(await readAll(ctx, records)));
  return Promise.all(
    [...resources, ...records].map((r, i) => diffResource(ctx, r, actuals[i], addresses)),
  );
}

/** One GET per resource, side by side; what exists is kept for resolving references. */
async function readAll(
  ctx: EnvironmentContext,
  resources: readonly PlannedResource[],
): Promise<(ArmResource | undefined)[]> {
  const read = await Promise.all(resources.map((r) => ctx.apply.store.get(r.id, r.apiVersion)));
  read.forEach((actual, i) => {
    if (actual) ctx.apply.known.set(resources[i]!.id.toLowerCase(), actual);
  });
  return read;
}

async function diffResource(
  ctx: EnvironmentContext,
  planned: PlannedResource,
  actual: ArmResource | undefined,
  addresses: readonly GroupAddress[],
): Promise<ResourceDiff> {
  const desired = await desiredBody(ctx, planned, addresses);
  if ('unresolved' in desired) {
    if (!actual) return { resource: planned, change: { action: 'create' } };
    const note = `cannot be compared ${desired.unresolved}`;
    return { resource: planned, change: { action: 'update', drift: [] }, note };
  }
  const change = resourceChange(planned.type, desired.body, actual);
  if (!actual || change.action === 'unchanged') return { resource: planned, change };
  const refusal = await ownershipRefusal(ctx.apply, planned, desired.body, actual);
  if (!refusal) return { resource: planned, change };
  if (refusal.rule.kind === 'shared') {
    const note = `shared with another environment, used as it is (${refusal.problem})`;
    return { resource: planned, change: { action: 'unchanged' }, note };
  }
  const note = `not this environment's (${refusal.problem}): a deployment refuses to change it (NotOwned)`;
  return { resource: planned, change, note };
}

/** The body the deployment would write, or why it cannot be known yet. */
async function desiredBody(
  ctx: EnvironmentContext,
  planned: PlannedResource,
  addresses: readonly GroupAddress[],
): Promise<{ body: JsonObject } | { unresolved: string }> {
  const absent = absentReferences(ctx, planned);
  if (absent.length > 0)
    return {
      unresolved: `before ${absent.join(' and ')} ${absent.length > 1 ? 'are' : 'is'} created`,
    };
  try {
    const body =
      planned.type === GATEWAY_TYPE
        ? await gatewayWithPools(ctx.apply, planned, addresses)
        : await resolvedBody(ctx.apply, planned);
    return { body };
  } catch (error) {
    // A resource that exists but lacks the value referenced, or a parameter without a value.
    if (error instanceof AppError && error.code === 'UnresolvedReference')
      return { unresolved: `yet: ${error.detail}` };
    throw error;
  }
}

/** The resources the body references that do not exist (readAll kept every one that does). */
function absentReferences(ctx: EnvironmentContext, planned: PlannedResource): string[] {
  const absent = findReferences(planned.body).flatMap((r) =>
    r.kind === 'ref' && !ctx.apply.known.has(r.resourceId.toLowerCase())
      ? [shortId(r.resourceId)]
      : [],
  );
  return [...new Set(absent)];
}

/** Nothing to resolve from a resource that does not exist yet: what references it is a create. */
function unlessMissing(error: unknown): void {
  if (error instanceof AppError && error.code === 'DependencyMissing') return;
  throw error;
}
