// Azure RBAC role assignments, named deterministically so that re-planning never duplicates one.
import { deterministicGuid } from '../spec/index.js';
import { planned, type PlanContext } from './context.js';
import { extensionId } from './ids.js';
import { param, ref } from './references.js';
import type { PlannedResource } from './types.js';

/**
 * Built-in role definition GUIDs
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const BUILT_IN_ROLES = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  keyVaultCertificatesOfficer: 'a4417e6f-fecd-4de8-b567-7b0420556985',
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLES;

/** Names as `az role assignment create --role` and the Azure portal show them. */
export const ROLE_NAMES: Readonly<Record<BuiltInRole, string>> = {
  acrPull: 'AcrPull',
  keyVaultSecretsUser: 'Key Vault Secrets User',
  reader: 'Reader',
  keyVaultCertificatesOfficer: 'Key Vault Certificates Officer',
  keyVaultSecretsOfficer: 'Key Vault Secrets Officer',
};

/** The name of the built-in role a `roleDefinitionId` (or bare GUID) names; undefined if none. */
export function roleNameOf(roleDefinitionId: string): string | undefined {
  const guid = roleDefinitionId.split('/').pop()?.toLowerCase();
  const entry = Object.entries(BUILT_IN_ROLES).find(([, id]) => id === guid);
  return entry ? ROLE_NAMES[entry[0] as BuiltInRole] : undefined;
}

export function roleDefinitionId(subscriptionId: string, role: BuiltInRole): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${BUILT_IN_ROLES[role]}`;
}

export interface RoleGrant {
  /** The resource the role applies to (the assignment's scope). */
  scope: string;
  /**
   * The planned resource the scope lies in, when the scope is not itself planned: the vault of a
   * Key Vault secret (the certificate stage creates the secret later). The assignment is written
   * with that resource and waits for it.
   */
  within?: string;
  /** The user-assigned identity receiving the role, or DEPLOYER for this app's own identity. */
  identityId: string;
  role: BuiltInRole;
}

/**
 * This Functions app's own managed identity: it imports certificates and keeps the ACME account
 * key in the environment's vault. Its principal id is a deploy-time parameter (an app setting).
 */
export const DEPLOYER = 'deployer';

/**
 * A role assignment for a managed identity. The name is a GUID derived from scope, principal and
 * role (like ARM templates' guid()), so re-planning yields the same assignment, never a duplicate.
 * principalType ServicePrincipal lets ARM skip the Entra lookup that fails for a just-created
 * identity (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal).
 */
export function roleAssignment(ctx: PlanContext, grant: RoleGrant): PlannedResource {
  const definition = roleDefinitionId(ctx.spec.subscriptionId, grant.role);
  const name = deterministicGuid(grant.scope, grant.identityId, definition);
  const scopeResource = grant.within ?? grant.scope;
  return planned({
    id: extensionId(grant.scope, 'Microsoft.Authorization/roleAssignments', name),
    type: 'Microsoft.Authorization/roleAssignments',
    area: 'access',
    body: {
      properties: {
        roleDefinitionId: definition,
        principalId:
          grant.identityId === DEPLOYER
            ? param('deployerPrincipalId')
            : ref(grant.identityId, 'properties.principalId'),
        principalType: 'ServicePrincipal',
      },
    },
    dependsOn: grant.identityId === DEPLOYER ? [scopeResource] : [scopeResource, grant.identityId],
    scope: grant.scope,
  });
}
