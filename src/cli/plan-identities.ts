// The "Identities and roles" section `plan` prints under its table: each identity, what carries
// it, and each role it is granted with its scope. Derived from the plan's own bodies, so it shows
// what would be deployed, not what was meant.
import { findReferences, roleNameOf, type Plan, type PlannedResource } from '../plan/index.js';

const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const ROLE_TYPE = 'Microsoft.Authorization/roleAssignments';
const DEPLOYER_PARAM = 'deployerPrincipalId';

/** How a person calls the resources that can carry an identity. */
const CARRIER_KINDS: Readonly<Record<string, string>> = {
  'Microsoft.ContainerInstance/containerGroups': 'container group',
  'Microsoft.Network/applicationGateways': 'application gateway',
  'Microsoft.Sql/servers': 'SQL server',
};

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * A scope short enough for a terminal: the resource's name and, inside it, each child's type and
 * name (`kv-app/secrets/app-contoso-example`); a resource group or subscription says so.
 */
export function shortScope(scope: string): string {
  const at = scope.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) {
    const group = /\/resourceGroups\/([^/]+)$/i.exec(scope)?.[1];
    if (group) return `resource group ${group}`;
    const subscription = /^\/subscriptions\/([^/]+)$/i.exec(scope)?.[1];
    return subscription ? `subscription ${subscription}` : scope;
  }
  // namespace/type/name[/childType/childName…]: drop the namespace and the first type.
  return scope
    .slice(at + '/providers/'.length)
    .split('/')
    .slice(2)
    .join('/');
}

/** The identity a role assignment grants to: a planned identity's id, or this app's. */
function principalOf(assignment: PlannedResource): string | undefined {
  const [principal] = findReferences(assignment.body.properties);
  if (principal?.kind === 'param')
    return principal.name === DEPLOYER_PARAM ? 'deployer' : undefined;
  return principal?.resourceId;
}

function roleLines(plan: Plan, principal: string): string[] {
  const lines = plan.resources
    .filter((r) => r.type === ROLE_TYPE && same(principalOf(r) ?? '', principal))
    .map((r) => {
      const definition = String((r.body.properties as Record<string, unknown>).roleDefinitionId);
      return `    ${roleNameOf(definition) ?? definition} on ${shortScope(r.scope ?? '?')}`;
    });
  return lines.length > 0 ? lines : ['    no role assignments'];
}

/**
 * ACI assigns an identity to a whole container group: every regular container of it can use it
 * (its init containers get none). Names them, as ` (containers a, b share it)`.
 */
function sharedBy(groups: PlannedResource[]): string {
  const names = groups.flatMap((group) => {
    const containers = (group.body.properties as { containers?: { name?: string }[] } | undefined)
      ?.containers;
    return (containers ?? []).map((c) => c.name ?? '?');
  });
  const unique = [...new Set(names)];
  return unique.length > 1 ? ` (containers ${unique.join(', ')} share it)` : '';
}

/** Whether a resource runs as the identity (its `identity.userAssignedIdentities`). */
function holds(resource: PlannedResource, identityId: string): boolean {
  const assigned = (resource.body.identity as { userAssignedIdentities?: object } | undefined)
    ?.userAssignedIdentities;
  return Object.keys(assigned ?? {}).some((key) => same(key, identityId));
}

/**
 * "held by …": the resources running as the identity, a run-once group that holds it only while
 * it runs, and a SQL server it administers.
 */
function carriers(plan: Plan, identityId: string): string {
  const holders = plan.resources.filter((r) => holds(r, identityId));
  const runOnce = plan.runOnce.filter((r) => holds(r, identityId));
  const admins = plan.resources.filter((r) =>
    findReferences((r.body.properties as Record<string, unknown> | undefined)?.administrators).some(
      (ref) => ref.kind === 'ref' && same(ref.resourceId, identityId),
    ),
  );
  const parts: string[] = [];
  const kinds = [...new Set(holders.map((r) => r.type))];
  for (const type of kinds) {
    const ofKind = holders.filter((r) => r.type === type);
    const names = ofKind.map((r) => r.name).join(', ');
    const kind = `${CARRIER_KINDS[type] ?? type}${ofKind.length > 1 ? 's' : ''}`;
    parts.push(`held by ${kind} ${names}${sharedBy(ofKind)}`);
  }
  for (const server of admins) parts.push(`Entra administrator of SQL server ${server.name}`);
  for (const task of runOnce)
    parts.push(
      `held only by the run-once container group ${task.name} while it runs, deleted once it exits`,
    );
  if (holders.length === 0 && runOnce.length === 0)
    parts.push('held by nothing (no container group, gateway or server runs as it)');
  return parts.join('; ');
}

/** A blank line, the heading, then each identity with what carries it and its roles. */
export function identitiesText(plan: Plan): string {
  const identities = plan.resources.filter((r) => r.type === IDENTITY_TYPE);
  const blocks = identities.map((identity) =>
    [`  ${identity.name}: ${carriers(plan, identity.id)}`, ...roleLines(plan, identity.id)].join(
      '\n',
    ),
  );
  const deployer = roleLines(plan, 'deployer');
  blocks.push(
    [`  this app (${DEPLOYER_PARAM}): the Functions app's own identity`, ...deployer].join('\n'),
  );
  return `\nIdentities and roles (${identities.length} managed identities and this app):\n${blocks.join('\n')}\n`;
}
