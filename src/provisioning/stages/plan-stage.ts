import { findReferences } from '../../plan/index.js';
import { applyResources, type AppliedResource } from '../apply.js';
import { reportOf } from '../report.js';
import { resolveTenantId, type StageContext } from '../stage-context.js';
import { resourcesOfStage, type StageName } from '../stage-graph.js';
import type { StageReport } from '../types.js';

const RESOURCE_GROUP_API = '2025-04-01';

/** Applies the plan resources of a stage (after making sure the resource group exists). */
export async function applyPlanStage(
  ctx: StageContext,
  stage: StageName,
): Promise<AppliedResource[]> {
  await ensureResourceGroup(ctx);
  const resources = resourcesOfStage(ctx.plan, stage);
  const needsTenant = resources.some((r) =>
    findReferences(r.body).some((ref) => ref.kind === 'param' && ref.name === 'tenantId'),
  );
  if (needsTenant) await resolveTenantId(ctx);
  return applyResources(ctx.apply, resources);
}

export async function planStage(ctx: StageContext, stage: StageName): Promise<StageReport> {
  return reportOf(await applyPlanStage(ctx, stage));
}

/**
 * The resource group is created when missing but never re-PUT: it may belong to the user, and a
 * PUT would replace its tags.
 */
export async function ensureResourceGroup(ctx: StageContext): Promise<void> {
  const id = `/subscriptions/${ctx.spec.subscriptionId}/resourceGroups/${ctx.spec.resourceGroup}`;
  const existing = await ctx.apply.store.get(id, RESOURCE_GROUP_API);
  if (existing) return;
  ctx.log(`creating resource group ${ctx.spec.resourceGroup} in ${ctx.spec.location}`);
  await ctx.apply.store.put(id, RESOURCE_GROUP_API, {
    location: ctx.spec.location,
    tags: { 'managed-by': 'aci-vnet-sidecars', 'aci-vnet-sidecars-environment': ctx.spec.name },
  });
}
