// The user-assigned managed identities and the least-privilege role grants of the environment.
import { planned, type PlanContext } from './context.js';
import { DEPLOYER, roleAssignment, type RoleGrant } from './roles.js';
import type { PlannedResource } from './types.js';

/** The two user-assigned identities: the workload's (container groups, SQL) and the gateway's. */
export function identities(ctx: PlanContext): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  return [ids.workloadIdentity, ids.gatewayIdentity].map((id) =>
    planned({
      id,
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      area: 'identity',
      body: { location: spec.location, tags },
    }),
  );
}

/**
 * Least privilege: each grant is scoped to the one resource it is needed on.
 * - workload: AcrPull on the registry (image pulls), Key Vault Secrets User on the vault (the
 *   sidecars read the certificate), Reader on each container group (the dashboard shows states);
 *   no DNS role: only this app writes the groups' records;
 * - gateway: Key Vault Secrets User on the vault (listener certificate);
 * - this app: Key Vault Certificates Officer and Secrets Officer on the vault (it requests and
 *   merges the certificate and keeps the ACME account key there).
 */
export function roleGrants(ctx: PlanContext): RoleGrant[] {
  const { ids, spec } = ctx;
  const workload = ids.workloadIdentity;
  const groups = [...ids.appContainerGroups];
  if (spec.dashboard.enabled) groups.push(ids.dashboardContainerGroup);
  return [
    { scope: ids.registry, identityId: workload, role: 'acrPull' },
    { scope: ids.keyVault, identityId: workload, role: 'keyVaultSecretsUser' },
    { scope: ids.keyVault, identityId: ids.gatewayIdentity, role: 'keyVaultSecretsUser' },
    { scope: ids.keyVault, identityId: DEPLOYER, role: 'keyVaultCertificatesOfficer' },
    { scope: ids.keyVault, identityId: DEPLOYER, role: 'keyVaultSecretsOfficer' },
    ...groups.map((scope): RoleGrant => ({ scope, identityId: workload, role: 'reader' })),
  ];
}

export function roleAssignments(ctx: PlanContext): PlannedResource[] {
  return roleGrants(ctx).map((grant) => roleAssignment(ctx, grant));
}

/** Ids of the role assignments granting `identityId` a role on one of `scopes`. */
export function grantIds(ctx: PlanContext, identityId: string, scopes: string[]): string[] {
  return roleGrants(ctx)
    .filter((g) => g.identityId === identityId && scopes.includes(g.scope))
    .map((g) => roleAssignment(ctx, g).id);
}
