// The Key Vault holding the environment's TLS certificate, and deploy-time references into it.
import { planned, type PlanContext } from './context.js';
import { ref } from './references.js';
import type { PlannedResource } from './types.js';

/**
 * The vault holding the LetsEncrypt certificate and the ACME account key. Access is Azure RBAC
 * only (no access policies); purge protection makes deletion recoverable for 90 days, which also
 * reserves the (deterministic) vault name for that long after an environment is deleted.
 */
export function keyVault(ctx: PlanContext): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  return [
    planned({
      id: ids.keyVault,
      type: 'Microsoft.KeyVault/vaults',
      area: 'key-vault',
      body: {
        location: spec.location,
        tags,
        properties: {
          tenantId: ctx.tenantId,
          sku: { family: 'A', name: 'standard' },
          enableRbacAuthorization: true,
          enableSoftDelete: true,
          softDeleteRetentionInDays: 90,
          enablePurgeProtection: true,
          publicNetworkAccess: 'Enabled',
        },
      },
    }),
  ];
}

/** `https://<vault>.vault.azure.net/` (with the trailing slash ARM returns), at deploy time. */
export function vaultUri(ctx: PlanContext): string {
  return ref(ctx.ids.keyVault, 'properties.vaultUri');
}

/**
 * The certificate's secret without a version: Application Gateway then follows new versions
 * (renewals) by itself (https://learn.microsoft.com/azure/application-gateway/key-vault-certs).
 */
export function versionlessSecretId(ctx: PlanContext): string {
  return `${vaultUri(ctx)}secrets/${ctx.spec.names.certificate}`;
}
