import { deterministicGuid } from '../spec/index.js';
import { planned, type PlanContext } from './context.js';
import { extensionId } from './ids.js';
import { ref } from './references.js';
import type { PlannedResource } from './types.js';

/**
 * Built-in role definition GUIDs
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const BUILT_IN_ROLES = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  privateDnsZoneContributor: 'b12aa53e-6015-4669-85d0-8515ebb3ae7f',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}

export interface RoleGrant {
  /** The resource the role applies to (the assignment's scope). */
  scope: string;
  /** The user-assigned identity receiving the role. */
  identityId: string;
  role: BuiltInRole;
}

/**
 * A role assignment for a managed identity. The name is a GUID derived from scope, principal and
 * role (like ARM templates' guid()), so re-planning yields the same assignment, never a duplicate.
 * principalType ServicePrincipal lets ARM skip the Entra lookup that fails for a just-created
 * identity (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal).
 */
export function roleAssignment(ctx: PlanContext, grant: RoleGrant): PlannedResource {
  const definition = roleDefinitionId(ctx.spec.subscriptionId, grant.role);
  const name = deterministicGuid(grant.scope, grant.identityId, definition);
  return planned({
    id: extensionId(grant.scope, 'Microsoft.Authorization/roleAssignments', name),
    type: 'Microsoft.Authorization/roleAssignments',
    area: 'access',
    body: {
      properties: {
        roleDefinitionId: definition,
        principalId: ref(grant.identityId, 'properties.principalId'),
        principalType: 'ServicePrincipal',
      },
    },
    dependsOn: [grant.scope, grant.identityId],
  });
}
