// The environment's network: VNet, subnets (one delegated to ACI) each with its NSG, NAT gateway
// and public IPs.
import { idRef, planned, type PlanContext } from './context.js';
import { networkSecurityGroups, nsgId, type SubnetRole } from './network-security-groups.js';
import type { JsonObject, PlannedResource } from './types.js';

/** ACI binds container groups to a subnet delegated to it (`subnetIds` in the group body). */
export const ACI_DELEGATION = 'Microsoft.ContainerInstance/containerGroups';

function standardPublicIp(ctx: PlanContext, id: string, dnsLabel?: string): PlannedResource {
  const properties: JsonObject = {
    publicIPAllocationMethod: 'Static',
    publicIPAddressVersion: 'IPv4',
  };
  if (dnsLabel !== undefined) properties.dnsSettings = { domainNameLabel: dnsLabel };
  return planned({
    id,
    type: 'Microsoft.Network/publicIPAddresses',
    area: 'network',
    body: {
      location: ctx.spec.location,
      tags: ctx.tags,
      sku: { name: 'Standard', tier: 'Regional' },
      properties,
    },
  });
}

function natGateway(ctx: PlanContext): PlannedResource {
  const { ids, spec } = ctx;
  return planned({
    id: ids.natGateway,
    type: 'Microsoft.Network/natGateways',
    area: 'network',
    body: {
      location: spec.location,
      tags: ctx.tags,
      sku: { name: 'Standard' },
      properties: {
        idleTimeoutInMinutes: spec.network.natGateway.idleTimeoutInMinutes,
        publicIpAddresses: [idRef(ids.natGatewayPublicIp)],
      },
    },
    dependsOn: [ids.natGatewayPublicIp],
  });
}

/**
 * The subnets whose traffic Key Vault's firewall lets in: a `virtualNetworkRules` entry needs the
 * `Microsoft.KeyVault` service endpoint on its subnet (key-vault.ts). The sidecars read the
 * certificate from the containers subnet; the gateway reads it from its own ("add the virtual
 * network and subnet for your Application Gateway instance … also configure the
 * `Microsoft.KeyVault` service endpoint", application-gateway/key-vault-certs.md).
 */
export const KEY_VAULT_SERVICE_ENDPOINT = 'Microsoft.KeyVault';

function subnet(
  ctx: PlanContext,
  role: SubnetRole,
  addressPrefix: string,
  extra: JsonObject = {},
): JsonObject {
  const name = ctx.spec.names.subnets[role];
  return {
    name,
    properties: { addressPrefix, networkSecurityGroup: idRef(nsgId(ctx, role)), ...extra },
  };
}

const keyVaultEndpoint = (): JsonObject => ({
  serviceEndpoints: [{ service: KEY_VAULT_SERVICE_ENDPOINT }],
});

/**
 * Subnets are inline so that a re-PUT of the VNet keeps them (a VNet PUT without `subnets`
 * deletes every subnet it can). Outbound access is explicit: through the NAT gateway (the
 * default: for ACI in a VNet it is "the only supported configuration for outbound connectivity",
 * container-instances-virtual-network-concepts.md), otherwise, when the spec opts out and the plan
 * warns (warnings.ts), through default outbound access, which new VNets no longer get implicitly
 * (https://learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access).
 * The sidecars need outbound HTTPS to Key Vault.
 */
function virtualNetwork(ctx: PlanContext): PlannedResource {
  const { ids, spec } = ctx;
  const nat = spec.network.natGateway.enabled;
  const cidrs = spec.network.subnets;
  const containers: JsonObject = {
    delegations: [{ name: 'aci', properties: { serviceName: ACI_DELEGATION } }],
    defaultOutboundAccess: !nat,
    ...keyVaultEndpoint(),
  };
  if (nat) containers.natGateway = idRef(ids.natGateway);
  return planned({
    id: ids.virtualNetwork,
    type: 'Microsoft.Network/virtualNetworks',
    area: 'network',
    body: {
      location: spec.location,
      tags: ctx.tags,
      properties: {
        addressSpace: { addressPrefixes: [spec.network.addressSpace] },
        subnets: [
          subnet(ctx, 'gateway', cidrs.gateway, keyVaultEndpoint()),
          subnet(ctx, 'containers', cidrs.containers, containers),
          // "By default, network policies are disabled for a subnet … To use network policies like
          // … network security group support, network policy support must be enabled for the
          // subnet" (private-link/disable-private-endpoint-network-policy.md): NSGs only.
          subnet(ctx, 'privateEndpoints', cidrs.privateEndpoints, {
            privateEndpointNetworkPolicies: 'NetworkSecurityGroupEnabled',
            defaultOutboundAccess: false,
          }),
        ],
      },
    },
    dependsOn: [
      ...(nat ? [ids.natGateway] : []),
      ...(['gateway', 'containers', 'privateEndpoints'] as const).map((role) => nsgId(ctx, role)),
    ],
  });
}

export function network(ctx: PlanContext): PlannedResource[] {
  const { ids, spec } = ctx;
  const nat = spec.network.natGateway.enabled
    ? [standardPublicIp(ctx, ids.natGatewayPublicIp), natGateway(ctx)]
    : [];
  return [
    ...nat,
    ...networkSecurityGroups(ctx),
    virtualNetwork(ctx),
    standardPublicIp(ctx, ids.gatewayPublicIp, spec.names.gatewayDnsLabel),
  ];
}
