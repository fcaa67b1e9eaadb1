// The plain stage: create the resource group if missing, then apply the stage's plan resources.
import { applyResources, resolveTenantId, type AppliedResource } from '../../environments/index.js';
import { findReferences, ownershipTags } from '../../plan/index.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

/** Applies the stage's plan resources (after making sure the resource group exists). */
export async function applyStageResources(ctx: StageContext): Promise<AppliedResource[]> {
  await ensureResourceGroup(ctx);
  const needsTenant = ctx.resources.some((r) =>
    findReferences(r.body).some((ref) => ref.kind === 'param' && ref.name === 'tenantId'),
  );
  if (needsTenant) await resolveTenantId(ctx);
  return applyResources(ctx.apply, ctx.resources);
}

/** A stage that only applies its plan resources. */
export async function applyStage(ctx: StageContext): Promise<StageReport> {
  return reportOf(await applyStageResources(ctx));
}

const RESOURCE_GROUP_API = '2025-04-01';

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
    tags: ownershipTags(ctx.spec),
  });
}
