// The roles this app's plan grants it on the environment's vault, read back from ARM: which exist
// and since when (`createdOn`, set by ARM on every role assignment).
import type { EnvironmentContext } from '../environments/index.js';
import { param, planIds, roleNameOf } from '../plan/index.js';
import type { VaultGrant } from './vault-access.js';

function roleName(roleDefinitionId: unknown): string {
  return roleNameOf(String(roleDefinitionId)) ?? String(roleDefinitionId);
}

/** A role assignment's `createdOn` as ARM answers it (an ISO date), or undefined. */
export function createdOnOf(value: unknown): Date | undefined {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/** Every role assignment of the plan that grants this app (the deployer) a role on the vault. */
export async function readVaultGrants(ctx: EnvironmentContext): Promise<VaultGrant[]> {
  const vaultId = planIds(ctx.spec).keyVault.toLowerCase();
  const deployer = param('deployerPrincipalId');
  const planned = ctx.plan.resources.filter(
    (r) =>
      r.type === 'Microsoft.Authorization/roleAssignments' &&
      r.scope?.toLowerCase() === vaultId &&
      (r.body.properties as Record<string, unknown> | undefined)?.principalId === deployer,
  );
  return Promise.all(
    planned.map(async (assignment): Promise<VaultGrant> => {
      const properties = assignment.body.properties as Record<string, unknown>;
      const actual = await ctx.apply.store.get(assignment.id, assignment.apiVersion);
      return {
        role: roleName(properties.roleDefinitionId),
        scope: assignment.scope ?? vaultId,
        createdOn: actual ? createdOnOf(actual.properties?.createdOn) : 'absent',
      };
    }),
  );
}
