// The user-assigned managed identities, one per role, and the least-privilege role grants of each.
import { planned, type PlanContext } from './context.js';
import { DEPLOYER, roleAssignment, type RoleGrant } from './roles.js';
import type { PlannedResource } from './types.js';

/**
 * One identity per role: the app groups', the dashboard group's (when there is a dashboard), the
 * SQL server's Entra administrator (held only by the run-once migration group while it runs,
 * database-migration.ts) and the gateway's.
 */
function identityIds(ctx: PlanContext): string[] {
  const { ids, spec } = ctx;
  return [
    ids.appIdentity,
    ...(spec.dashboard.enabled ? [ids.dashboardIdentity] : []),
    ids.sqlAdminIdentity,
    ids.gatewayIdentity,
  ];
}

export function identities(ctx: PlanContext): PlannedResource[] {
  const { spec, tags } = ctx;
  return identityIds(ctx).map((id) =>
    planned({
      id,
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      area: 'identity',
      body: { location: spec.location, tags },
    }),
  );
}

/**
 * The identity a container group runs as. ACI assigns identities per container group, not per
 * container: every container of the group (the sidecar, web and api, or the dashboard's image)
 * can get its tokens, so a group's identity holds only what the whole group may do.
 */
export function groupIdentity(ctx: PlanContext, routes: 'app' | 'dashboard'): string {
  return routes === 'app' ? ctx.ids.appIdentity : ctx.ids.dashboardIdentity;
}

/**
 * Least privilege: each grant is scoped to the one resource it is needed on.
 * - app groups: AcrPull on the registry (image pulls) and Key Vault Secrets User on the
 *   certificate's secret only (the sidecar reads it), not on the vault: Key Vault RBAC takes a
 *   secret as a scope (articles/key-vault/general/rbac-guide.md, "Secret scope role assignment"),
 *   so the ACME account key in the same vault stays out of reach. The API gets its database rights
 *   as a contained user (not from the plan), and is not the SQL administrator;
 * - dashboard group: the same two, and Reader on each app group it shows;
 * - SQL administrator: AcrPull on the registry, to pull the migration image into the run-once
 *   migration group, its only holder; besides that it only names the server's Entra administrator;
 * - gateway: Key Vault Secrets User on the certificate's secret (listener certificate);
 * - this app: Key Vault Certificates Officer and Secrets Officer on the vault (it requests and
 *   merges the certificate and keeps the ACME account key there): the only vault-wide roles.
 * No DNS role: only this app writes the groups' records.
 */
export function roleGrants(ctx: PlanContext): RoleGrant[] {
  const { ids, spec } = ctx;
  const certificateSecret = { scope: ids.certificateSecret, within: ids.keyVault };
  const groupGrants = (identityId: string): RoleGrant[] => [
    { scope: ids.registry, identityId, role: 'acrPull' },
    { ...certificateSecret, identityId, role: 'keyVaultSecretsUser' },
  ];
  const dashboard = ids.dashboardIdentity;
  return [
    ...groupGrants(ids.appIdentity),
    ...(spec.dashboard.enabled
      ? [
          ...groupGrants(dashboard),
          ...ids.appContainerGroups.map((scope): RoleGrant => ({
            scope,
            identityId: dashboard,
            role: 'reader',
          })),
        ]
      : []),
    { scope: ids.registry, identityId: ids.sqlAdminIdentity, role: 'acrPull' },
    { ...certificateSecret, identityId: ids.gatewayIdentity, role: 'keyVaultSecretsUser' },
    { scope: ids.keyVault, identityId: DEPLOYER, role: 'keyVaultCertificatesOfficer' },
    { scope: ids.keyVault, identityId: DEPLOYER, role: 'keyVaultSecretsOfficer' },
  ];
}

export function roleAssignments(ctx: PlanContext): PlannedResource[] {
  return roleGrants(ctx).map((grant) => roleAssignment(ctx, grant));
}

/**
 * Ids of the role assignments granting `identityId` a role on one of `scopes`, or on an object
 * inside one of them (the certificate's secret inside the vault).
 */
export function grantIds(ctx: PlanContext, identityId: string, scopes: string[]): string[] {
  return roleGrants(ctx)
    .filter((g) => g.identityId === identityId && scopes.includes(g.within ?? g.scope))
    .map((g) => roleAssignment(ctx, g).id);
}
