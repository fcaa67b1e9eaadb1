// How the CLI names a planned resource in a table: what a person can tell apart in a terminal.
import { roleNameOf, type PlannedResource } from '../plan/index.js';
import { shortScope } from './plan-identities.js';

const lastSegment = (id: string) => id.split('/').at(-1) ?? id;

/**
 * A name a person can tell apart: child resources with their parent (`zone/link`), role
 * assignments by role, identity and scope instead of their GUID names.
 */
export function displayName(
  resource: Pick<PlannedResource, 'id' | 'type' | 'name' | 'body' | 'scope'>,
): string {
  if (resource.type === 'Microsoft.Authorization/roleAssignments') {
    const props = resource.body.properties as Record<string, string>;
    const role = roleNameOf(props.roleDefinitionId ?? '') ?? resource.name;
    const principal = props.principalId?.includes('${param:deployerPrincipalId}')
      ? 'this app'
      : /\$\{ref:([^:}]+):/.exec(props.principalId ?? '')?.[1];
    return `${role}: ${principal ? lastSegment(principal) : '?'} on ${shortScope(resource.scope ?? '?')}`;
  }
  const path = resource.id.split('/providers/').at(-1)?.split('/') ?? [];
  // namespace/type/name[/childType/childName…]: keep the names only.
  const names = path.slice(2).filter((_, i) => i % 2 === 0);
  return names.length > 1 ? names.join('/') : resource.name;
}
