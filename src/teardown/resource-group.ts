/**
 * The last step of a teardown: the resource group goes only when the app created it (the deploy
 * stages create a missing group with the environment's ownership tags, apply-stage.ts) and
 * nothing is left in it; a group the operator provided (`azd provision` prepares them untagged,
 * infra/main.bicep) or one holding anything else is kept, naming what is left.
 */
import { shortId, type ArmResource } from '../azure/resources.js';
import { AppError } from '../errors.js';
import type { EnvironmentContext } from '../environments/index.js';
import { carriesMarks, environmentMarks, resourceGroupId } from '../plan/index.js';
import type { TargetOutcome } from './types.js';

const RESOURCE_GROUP_API = '2025-04-01';
const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

/** Pure: delete the group, or why it stays. `remaining`: what is still in it. */
export function resourceGroupVerdict(
  environment: string,
  group: Pick<ArmResource, 'tags'>,
  remaining: readonly Pick<ArmResource, 'id' | 'type'>[],
): { delete: true } | { delete: false; why: string } {
  if (!carriesMarks(group.tags, environmentMarks(environment)))
    return {
      delete: false,
      why: 'the app did not create it (it carries no ownership tags of this environment): it was provided, so it stays',
    };
  if (remaining.length === 0) return { delete: true };
  const shown = remaining
    .slice(0, 10)
    .map((r) => `${shortId(r.id ?? '')} (${r.type ?? 'unknown type'})`);
  const more = remaining.length > 10 ? ` and ${remaining.length - 10} more` : '';
  return {
    delete: false,
    why: `it still holds ${remaining.length} resource${remaining.length === 1 ? '' : 's'} that ${remaining.length === 1 ? 'is' : 'are'} not this environment's or ${remaining.length === 1 ? 'was' : 'were'} kept: ${shown.join(', ')}${more}`,
  };
}

export async function tearDownResourceGroup(ctx: EnvironmentContext): Promise<TargetOutcome> {
  const id = resourceGroupId(ctx.spec.subscriptionId, ctx.spec.resourceGroup);
  const result = (outcome: TargetOutcome['outcome'], why?: string): TargetOutcome => ({
    id,
    type: RESOURCE_GROUP_TYPE,
    outcome,
    ...(why ? { why } : {}),
  });
  const store = ctx.apply.store;
  const group = await store.get(id, RESOURCE_GROUP_API);
  if (!group) return result('absent');
  try {
    const remaining = (await store.list(`${id}/resources`, RESOURCE_GROUP_API)) ?? [];
    const verdict = resourceGroupVerdict(ctx.spec.name, group, remaining);
    if (!verdict.delete) return result('kept', verdict.why);
    ctx.log(
      `deleting resource group ${ctx.spec.resourceGroup}: the app created it and it is empty`,
    );
    await store.delete(id, RESOURCE_GROUP_API);
    return result('deleted');
  } catch (error) {
    // The app's role lists no resource group delete, nor a listing of what a group holds
    // (infra/subscription-access.bicep): in Azure the group stays, saying so.
    if (!(error instanceof AppError) || error.kind !== 'forbidden') throw error;
    return result('kept', `the app may not look into or delete resource groups: ${error.detail}`);
  }
}
