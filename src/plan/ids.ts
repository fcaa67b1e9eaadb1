import type { EnvironmentSpec } from '../spec/index.js';

/** The private DNS zone Azure SQL private endpoints register in (Azure public cloud). */
export const SQL_PRIVATE_ZONE = 'privatelink.database.windows.net';

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** `/subscriptions/…/resourceGroups/…/providers/{namespace}/{type}/{name}[/{childType}/{childName}…]` */
export function armId(groupId: string, type: string, ...names: string[]): string {
  const [namespace, ...types] = type.split('/');
  if (types.length !== names.length) {
    throw new Error(`armId: type ${type} needs ${types.length} names, got ${names.length}`);
  }
  const segments = types.flatMap((t, i) => [t, names[i]!]);
  return `${groupId}/providers/${namespace}/${segments.join('/')}`;
}

/** An extension resource such as a role assignment: it lives below the resource it applies to. */
export function extensionId(scopeId: string, type: string, name: string): string {
  return `${scopeId}/providers/${type}/${name}`;
}

/** Every resource id the plan uses, computed once so areas can reference each other. */
export interface PlanIds {
  resourceGroup: string;
  workloadIdentity: string;
  gatewayIdentity: string;
  virtualNetwork: string;
  subnets: { gateway: string; containers: string; privateEndpoints: string };
  natGateway: string;
  natGatewayPublicIp: string;
  appPrivateZone: string;
  sqlPrivateZone: string;
  keyVault: string;
  registry: string;
  sqlServer: string;
  sqlDatabase: string;
  sqlPrivateEndpoint: string;
  gateway: string;
  gatewayPublicIp: string;
  wafPolicy: string;
  appContainerGroups: string[];
  dashboardContainerGroup: string;
  publicDnsZone: string;
  eventGridSystemTopic: string;
}

export function planIds(spec: EnvironmentSpec): PlanIds {
  const n = spec.names;
  const rg = resourceGroupId(spec.subscriptionId, spec.resourceGroup);
  const id = (type: string, ...names: string[]) => armId(rg, type, ...names);
  const vnet = id('Microsoft.Network/virtualNetworks', n.virtualNetwork);
  const sqlServer = id('Microsoft.Sql/servers', n.sqlServer);
  const group = (name: string) => id('Microsoft.ContainerInstance/containerGroups', name);
  return {
    resourceGroup: rg,
    workloadIdentity: id('Microsoft.ManagedIdentity/userAssignedIdentities', n.workloadIdentity),
    gatewayIdentity: id('Microsoft.ManagedIdentity/userAssignedIdentities', n.gatewayIdentity),
    virtualNetwork: vnet,
    subnets: {
      gateway: `${vnet}/subnets/${n.subnets.gateway}`,
      containers: `${vnet}/subnets/${n.subnets.containers}`,
      privateEndpoints: `${vnet}/subnets/${n.subnets.privateEndpoints}`,
    },
    natGateway: id('Microsoft.Network/natGateways', n.natGateway),
    natGatewayPublicIp: id('Microsoft.Network/publicIPAddresses', n.natGatewayPublicIp),
    appPrivateZone: id('Microsoft.Network/privateDnsZones', spec.dns.privateZone),
    sqlPrivateZone: id('Microsoft.Network/privateDnsZones', SQL_PRIVATE_ZONE),
    keyVault: id('Microsoft.KeyVault/vaults', n.keyVault),
    registry: id('Microsoft.ContainerRegistry/registries', n.registry),
    sqlServer,
    sqlDatabase: `${sqlServer}/databases/${spec.database.name}`,
    sqlPrivateEndpoint: id('Microsoft.Network/privateEndpoints', n.sqlPrivateEndpoint),
    gateway: id('Microsoft.Network/applicationGateways', n.gateway),
    gatewayPublicIp: id('Microsoft.Network/publicIPAddresses', n.gatewayPublicIp),
    wafPolicy: id(
      'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
      wafPolicyName(spec),
    ),
    appContainerGroups: n.appContainerGroups.map(group),
    dashboardContainerGroup: group(n.dashboardContainerGroup),
    publicDnsZone: armId(
      resourceGroupId(spec.subscriptionId, spec.dns.publicZoneResourceGroup),
      'Microsoft.Network/dnsZones',
      spec.dns.publicZone,
    ),
    eventGridSystemTopic: id('Microsoft.EventGrid/systemTopics', n.eventGridSystemTopic),
  };
}

/** Only planned when the gateway SKU is WAF_v2. */
export function wafPolicyName(spec: EnvironmentSpec): string {
  return spec.names.wafPolicy;
}
