// The environment's network: VNet, subnets (one delegated to ACI), NAT gateway and public IPs.
import { idRef, planned, type PlanContext } from './context.js';
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

function subnet(name: string, addressPrefix: string, extra: JsonObject = {}): JsonObject {
  return { name, properties: { addressPrefix, ...extra } };
}

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
  const names = spec.names.subnets;
  const containers: JsonObject = {
    delegations: [{ name: 'aci', properties: { serviceName: ACI_DELEGATION } }],
    defaultOutboundAccess: !nat,
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
          subnet(names.gateway, cidrs.gateway),
          subnet(names.containers, cidrs.containers, containers),
          // Network policies (NSG/UDR) do not apply to private endpoints unless enabled here.
          subnet(names.privateEndpoints, cidrs.privateEndpoints, {
            privateEndpointNetworkPolicies: 'Disabled',
            defaultOutboundAccess: false,
          }),
        ],
      },
    },
    dependsOn: nat ? [ids.natGateway] : [],
  });
}

export function network(ctx: PlanContext): PlannedResource[] {
  const { ids, spec } = ctx;
  const nat = spec.network.natGateway.enabled
    ? [standardPublicIp(ctx, ids.natGatewayPublicIp), natGateway(ctx)]
    : [];
  return [
    ...nat,
    virtualNetwork(ctx),
    standardPublicIp(ctx, ids.gatewayPublicIp, spec.names.gatewayDnsLabel),
  ];
}
