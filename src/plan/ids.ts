// Every ARM resource id of an environment, derived once from the spec's deterministic names.
import type { EnvironmentSpec, ResourceNames } from '../spec/index.js';

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

/**
 * The ARM type of every resource whose name `resourceNames` gives: its id is
 * `<resource group>/providers/<type>/<name>`.
 */
const NAMED_TYPES = {
  appIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  dashboardIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  sqlAdminIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  gatewayIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  natGateway: 'Microsoft.Network/natGateways',
  natGatewayPublicIp: 'Microsoft.Network/publicIPAddresses',
  keyVault: 'Microsoft.KeyVault/vaults',
  registry: 'Microsoft.ContainerRegistry/registries',
  sqlServer: 'Microsoft.Sql/servers',
  sqlPrivateEndpoint: 'Microsoft.Network/privateEndpoints',
  gateway: 'Microsoft.Network/applicationGateways',
  gatewayPublicIp: 'Microsoft.Network/publicIPAddresses',
  wafPolicy: 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
  eventGridSystemTopic: 'Microsoft.EventGrid/systemTopics',
} as const satisfies Partial<Record<keyof ResourceNames, string>>;

/**
 * Every resource id the plan uses, computed once so areas can reference each other: one per name
 * of NAMED_TYPES, plus the ids that need more than a name (children, zones named by DNS names).
 */
export type PlanIds = Record<keyof typeof NAMED_TYPES, string> & {
  resourceGroup: string;
  subnets: { gateway: string; containers: string; privateEndpoints: string };
  appPrivateZone: string;
  sqlPrivateZone: string;
  sqlDatabase: string;
  /**
   * The secret behind the environment's Key Vault certificate (same name): what the sidecars and
   * the gateway read, and the scope of their Key Vault Secrets User assignments.
   */
  certificateSecret: string;
  appContainerGroups: string[];
  dashboardContainerGroup: string;
  publicDnsZone: string;
};

export function planIds(spec: EnvironmentSpec): PlanIds {
  const n = spec.names;
  const rg = resourceGroupId(spec.subscriptionId, spec.resourceGroup);
  const id = (type: string, ...names: string[]) => armId(rg, type, ...names);
  const named = Object.fromEntries(
    Object.entries(NAMED_TYPES).map(([key, type]) => [
      key,
      id(type, n[key as keyof typeof NAMED_TYPES]),
    ]),
  ) as Record<keyof typeof NAMED_TYPES, string>;
  const group = (name: string) => id('Microsoft.ContainerInstance/containerGroups', name);
  return {
    ...named,
    resourceGroup: rg,
    subnets: {
      gateway: `${named.virtualNetwork}/subnets/${n.subnets.gateway}`,
      containers: `${named.virtualNetwork}/subnets/${n.subnets.containers}`,
      privateEndpoints: `${named.virtualNetwork}/subnets/${n.subnets.privateEndpoints}`,
    },
    appPrivateZone: id('Microsoft.Network/privateDnsZones', spec.dns.privateZone),
    sqlPrivateZone: id('Microsoft.Network/privateDnsZones', SQL_PRIVATE_ZONE),
    sqlDatabase: `${named.sqlServer}/databases/${spec.database.name}`,
    certificateSecret: `${named.keyVault}/secrets/${n.certificate}`,
    appContainerGroups: n.appContainerGroups.map(group),
    dashboardContainerGroup: group(n.dashboardContainerGroup),
    publicDnsZone: armId(
      resourceGroupId(spec.subscriptionId, spec.dns.publicZoneResourceGroup),
      'Microsoft.Network/dnsZones',
      spec.dns.publicZone,
    ),
  };
}
