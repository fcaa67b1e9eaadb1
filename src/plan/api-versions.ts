/**
 * The api-version used for each resource type: the default of the installed SDK package that
 * manages that type, so a body built here can be sent by that package (or by a generic ARM
 * request) unchanged. test/unit/plan/api-versions.test.ts fails when a package upgrade moves one.
 */
export const API_VERSIONS = {
  // @azure/arm-msi 2.2.0
  'Microsoft.ManagedIdentity/userAssignedIdentities': '2024-11-30',
  // @azure/arm-authorization 9.0.0 (RoleAssignments operations)
  'Microsoft.Authorization/roleAssignments': '2022-04-01',
  // @azure/arm-network 36.0.0
  'Microsoft.Network/virtualNetworks': '2025-05-01',
  'Microsoft.Network/natGateways': '2025-05-01',
  'Microsoft.Network/networkSecurityGroups': '2025-05-01',
  'Microsoft.Network/publicIPAddresses': '2025-05-01',
  'Microsoft.Network/privateEndpoints': '2025-05-01',
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups': '2025-05-01',
  'Microsoft.Network/applicationGateways': '2025-05-01',
  'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies': '2025-05-01',
  // @azure/arm-privatedns 3.2.0
  'Microsoft.Network/privateDnsZones': '2020-06-01',
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks': '2020-06-01',
  'Microsoft.Network/privateDnsZones/A': '2020-06-01',
  // @azure/arm-dns 5.1.0
  'Microsoft.Network/dnsZones/CNAME': '2018-05-01',
  'Microsoft.Network/dnsZones/A': '2018-05-01',
  // @azure/arm-keyvault 5.0.0
  'Microsoft.KeyVault/vaults': '2026-02-01',
  // @azure/arm-containerregistry 12.0.0
  'Microsoft.ContainerRegistry/registries': '2025-11-01',
  // @azure/arm-sql 10.0.0 (Servers and Databases operations use apiVersion1)
  'Microsoft.Sql/servers': '2022-08-01-preview',
  'Microsoft.Sql/servers/databases': '2022-08-01-preview',
  // @azure/arm-containerinstance 9.1.0
  'Microsoft.ContainerInstance/containerGroups': '2023-05-01',
  // @azure/arm-eventgrid 14.1.0
  'Microsoft.EventGrid/systemTopics': '2022-06-15',
  'Microsoft.EventGrid/systemTopics/eventSubscriptions': '2022-06-15',
} as const;

export type ResourceType = keyof typeof API_VERSIONS;

export function apiVersionOf(type: ResourceType): string {
  return API_VERSIONS[type];
}
