// The Key Vault holding the environment's TLS certificate, and deploy-time references into it.
import { planned, type PlanContext } from './context.js';
import { ref } from './references.js';
import type { JsonObject, PlannedResource } from './types.js';

/**
 * The vault's firewall: traffic from anywhere else is denied ("After firewall rules are in effect,
 * users can only perform Key Vault data plane operations when their requests originate from
 * allowed virtual networks or IPv4 address ranges", key-vault/general/network-security.md).
 * Allowed: the containers subnet (the sidecars), the gateway subnet and trusted services (the
 * gateway's certificate fetch: "add the virtual network and subnet for your Application Gateway
 * instance … Select Yes to allow trusted services to bypass the key vault's firewall",
 * application-gateway/key-vault-certs.md), and this app's own outbound subnet when the settings
 * name one. Each subnet carries the Microsoft.KeyVault service endpoint (network.ts); without it
 * Azure refuses the rule (`SubnetsHaveNoServiceEndpointsConfigured`).
 * `ignoreMissingVnetServiceEndpoint` is left out: Azure does not return it
 * (Azure/azure-rest-api-specs#22128), and its default keeps that check.
 */
export function networkAcls(ctx: PlanContext): JsonObject {
  const { subnets } = ctx.ids;
  const allowed = [subnets.containers, subnets.gateway];
  if (ctx.options.appOutboundSubnetId) allowed.push(ctx.options.appOutboundSubnetId);
  return {
    bypass: 'AzureServices',
    defaultAction: 'Deny',
    virtualNetworkRules: allowed.map((id) => ({ id })),
  };
}

/**
 * The vault holding the LetsEncrypt certificate and the ACME account key. Access is Azure RBAC
 * only (no access policies); purge protection makes deletion recoverable for 90 days, which also
 * reserves the (deterministic) vault name for that long after an environment is deleted. Public
 * network access stays on, restricted by `networkAcls` ("Private endpoint and selected
 * networks"); `Disabled` would leave only private endpoints.
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
          networkAcls: networkAcls(ctx),
        },
      },
      // The subnets named by the firewall rules must exist, with their service endpoint, first.
      dependsOn: [ids.virtualNetwork],
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
