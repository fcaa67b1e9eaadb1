// Key Vault's firewall rules as the control plane checks them on a vault PUT: a virtual network
// rule must name a subnet that has the Microsoft.KeyVault service endpoint, unless the rule says
// `ignoreMissingVnetServiceEndpoint` ("Property to specify whether NRP will ignore the check if
// parent subnet has serviceEndpoints configured", VirtualNetworkRule in
// specification/keyvault/resource-manager/…/keyvault.json, as @azure/arm-keyvault types it).
//
// The data plane's firewall is not enforced: every caller of the emulator is on loopback, and the
// emulator cannot tell which subnet a request would come from.
import { ArmError } from '../../arm/errors.js';
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';

const SERVICE = 'Microsoft.KeyVault';

interface VirtualNetworkRule {
  id?: unknown;
  ignoreMissingVnetServiceEndpoint?: unknown;
}

function virtualNetworkRules(vault: ArmResource): VirtualNetworkRule[] {
  const acls = properties(vault).networkAcls as { virtualNetworkRules?: unknown } | undefined;
  const rules = acls?.virtualNetworkRules;
  return Array.isArray(rules) ? (rules as VirtualNetworkRule[]) : [];
}

function hasKeyVaultEndpoint(subnet: ArmResource): boolean {
  const endpoints = properties(subnet).serviceEndpoints;
  if (!Array.isArray(endpoints)) return false;
  return endpoints.some(
    (e: { service?: unknown }) =>
      typeof e.service === 'string' && e.service.toLowerCase() === SERVICE.toLowerCase(),
  );
}

/**
 * The subnets the rules name that exist and lack the service endpoint. A subnet the emulator does
 * not hold (another subscription's, say) is not checked: what Azure answers for a missing subnet
 * is not documented.
 */
function subnetsWithoutEndpoint(ctx: EmulatorContext, vault: ArmResource): string[] {
  return virtualNetworkRules(vault)
    .filter((rule) => rule.ignoreMissingVnetServiceEndpoint !== true)
    .map((rule) => (typeof rule.id === 'string' ? rule.id : ''))
    .filter((id) => {
      const subnet = id ? getResource(ctx, id) : undefined;
      return subnet !== undefined && !hasKeyVaultEndpoint(subnet);
    });
}

/**
 * 400 `SubnetsHaveNoServiceEndpointsConfigured`, with the message Azure sent in
 * Azure/avdaccelerator#818 ("Subnets snet-avd-… of virtual network /subscriptions/…/
 * virtualNetworks/vnet-… do not have ServiceEndpoints for Microsoft.KeyVault resources
 * configured. Add Microsoft.KeyVault to subnet's ServiceEndpoints collection before trying to ACL
 * Microsoft.KeyVault resources to these subnets."; also hashicorp/terraform-provider-azurerm#11759).
 * Several subnets of one network are listed comma-separated: inferred.
 */
export function checkVirtualNetworkRules(ctx: EmulatorContext, vault: ArmResource): void {
  const missing = subnetsWithoutEndpoint(ctx, vault);
  if (missing.length === 0) return;
  const network = missing[0]!.replace(/\/subnets\/[^/]+$/i, '');
  const names = missing
    .filter((id) => id.toLowerCase().startsWith(`${network.toLowerCase()}/subnets/`))
    .map((id) => id.slice(id.lastIndexOf('/') + 1));
  throw new ArmError(
    400,
    'SubnetsHaveNoServiceEndpointsConfigured',
    `Subnets ${names.join(', ')} of virtual network ${network} do not have ServiceEndpoints for ${SERVICE} resources configured. Add ${SERVICE} to subnet's ServiceEndpoints collection before trying to ACL ${SERVICE} resources to these subnets.`,
  );
}
