// Why a resource that is this environment's is kept all the same: deleting it would take
// something of someone else's with it.
import { shortId, type ArmResource } from '../azure/resources.js';
import type { EnvironmentContext } from '../environments/index.js';
import { apiVersionOf, planIds, roleNameOf } from '../plan/index.js';
import type { TeardownTarget } from './teardown-targets.js';

const PRIVATE_DNS_API = apiVersionOf('Microsoft.Network/privateDnsZones/virtualNetworkLinks');
const SUBSCRIPTIONS_API = apiVersionOf('Microsoft.EventGrid/systemTopics/eventSubscriptions');

/**
 * Ours, but still serving someone else, so deleting it would delete theirs too: a system topic
 * with another environment's event subscription (Azure allows one topic per resource group, so
 * they share it), a private zone another network links (Azure refuses to delete it: "Private DNS
 * zone cannot be deleted unless all virtual network links to it are removed", PrivateZones_Delete)
 * or that holds record sets that are not ours (a zone's delete deletes all its records).
 */
export async function whyStillServing(
  ctx: EnvironmentContext,
  target: TeardownTarget,
): Promise<string | undefined> {
  const type = target.type.toLowerCase();
  if (type === 'microsoft.eventgrid/systemtopics') {
    const others = await listed(ctx, `${target.id}/eventSubscriptions`, SUBSCRIPTIONS_API);
    return others.length > 0
      ? `it still delivers to event subscriptions that are not this environment's (${names(others)}): Azure allows one system topic per resource group, so environments share it`
      : undefined;
  }
  if (type !== 'microsoft.network/privatednszones') return undefined;
  const links = await listed(ctx, `${target.id}/virtualNetworkLinks`, PRIVATE_DNS_API);
  if (links.length > 0)
    return `virtual networks that are not this environment's still link it (${names(links)})`;
  const records = (await listed(ctx, `${target.id}/ALL`, PRIVATE_DNS_API)).filter(
    (r) => !/\/virtualNetworkLinks\//i.test(r.id ?? '') && r.name !== '@',
  );
  return records.length > 0
    ? `it holds record sets that are not this environment's (${names(records)}), which deleting it would delete`
    : undefined;
}

const ASSIGNMENTS_API = apiVersionOf('Microsoft.Authorization/roleAssignments');

/**
 * An identity someone else granted something is kept: its role assignments that this plan does
 * not make were made by someone else, and deleting the identity would leave them granting a
 * principal that no longer exists ("Identity not found", role-based-access-control/
 * troubleshooting.md). The gateway identity `azd provision` prepares with Key Vault Secrets User
 * on the resource group (infra/prepared-environment.bicep) is such one: kept, its grant stays
 * applied for the next deployment. Role Assignments - List For Scope with `principalId eq` lists
 * them at, above and below the resource group.
 */
export async function foreignGrants(
  ctx: EnvironmentContext,
  target: TeardownTarget,
  actual: ArmResource,
): Promise<string | undefined> {
  if (target.type.toLowerCase() !== 'microsoft.managedidentity/userassignedidentities')
    return undefined;
  const principalId = actual.properties?.principalId;
  if (typeof principalId !== 'string') return undefined;
  const planned = new Set(
    ctx.plan.resources
      .filter((r) => r.type.toLowerCase() === 'microsoft.authorization/roleassignments')
      .map((r) => r.id.toLowerCase()),
  );
  const group = planIds(ctx.spec).resourceGroup;
  const grants = (
    (await ctx.apply.store.list(
      `${group}/providers/Microsoft.Authorization/roleAssignments`,
      ASSIGNMENTS_API,
      `principalId eq '${principalId}'`,
    )) ?? []
  ).filter((a) => !planned.has((a.id ?? '').toLowerCase()));
  if (grants.length === 0) return undefined;
  const scopes = grants.slice(0, 3).map((a) => {
    const defined = a.properties?.roleDefinitionId;
    const role = typeof defined === 'string' ? defined : '';
    return `${roleNameOf(role) ?? role.split('/').at(-1) ?? 'a role'} on ${shortScope(a.properties?.scope)}`;
  });
  return `someone else granted it roles this environment's plan does not (${scopes.join('; ')}${grants.length > 3 ? '; …' : ''}), as \`azd provision\` does for a prepared gateway identity; deleting it would leave those grants pointing at no one`;
}

/** `resource group rg-x`, or the short id of a resource scope. */
function shortScope(scope: unknown): string {
  const text = typeof scope === 'string' ? scope : '';
  const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(text)?.[1];
  if (group) return `resource group ${group}`;
  return text.includes('/providers/') ? shortId(text) : text || 'an unknown scope';
}

async function listed(ctx: EnvironmentContext, collection: string, apiVersion: string) {
  return (await ctx.apply.store.list(collection, apiVersion)) ?? [];
}

function names(resources: readonly ArmResource[]): string {
  const shown = resources.slice(0, 5).map((r) => r.name ?? shortId(r.id ?? ''));
  return `${shown.join(', ')}${resources.length > 5 ? ` and ${resources.length - 5} more` : ''}`;
}
