// The app's rights, none of them Contributor or Owner anywhere. This file defines the custom roles
// (role definitions live at the subscription, assignable only where listed) and assigns the one
// role that must be held at the subscription: registering the resource providers the plan writes
// to and the subscription-wide reads of a deployment. Everything else is assigned per resource
// group (resource-group-access.bicep, dns-zone-access.bicep) and on the app's own subnet and
// site (app-access.bicep). test/unit/infra/least-privilege.test.ts derives the actions below from
// the resource types the plan (src/plan) writes.
targetScope = 'subscription'

@description('Object id of the app\'s managed identity.')
param principalId string

@description('Name prefix of the app, which makes the custom role names unique in the tenant.')
param appName string

@description('Resource groups the app deploys environments into.')
param environmentResourceGroups array

@description('Resource groups holding the public DNS zones of those environments.')
param dnsZoneResourceGroups array

@description('Resource group of the app itself (its integration subnet and Functions app).')
param appResourceGroup string

var groupId = '${subscription().id}/resourceGroups/'
var roleSuffix = '(${appName}, ${subscription().subscriptionId})'

// "To register a resource provider, you must have permission to do the /register/action
// operation for the resource provider" (resource-providers-and-types.md), always at the
// subscription: one per namespace src/provisioning/resource-providers.ts registers. Then the
// reads a deployment makes at the subscription: provider registration states, soft-deleted vaults
// ("List: Microsoft.KeyVault/deletedVaults/read", key-vault/general/soft-delete-overview.md), and
// the system topics, which may sit in any resource group (event-grid/system-topics.md).
var subscriptionActions = [
  'Microsoft.Authorization/register/action'
  'Microsoft.ContainerInstance/register/action'
  'Microsoft.ContainerRegistry/register/action'
  'Microsoft.EventGrid/register/action'
  'Microsoft.KeyVault/register/action'
  'Microsoft.ManagedIdentity/register/action'
  'Microsoft.Network/register/action'
  'Microsoft.Sql/register/action'
  'Microsoft.Resources/subscriptions/providers/read'
  'Microsoft.KeyVault/deletedVaults/read'
  'Microsoft.EventGrid/systemTopics/read'
]

// In each environment's resource group: read, write and delete every resource type the plan
// writes (src/plan/api-versions.ts, role assignments aside), plus the linked actions ARM checks
// when one resource uses another: joining subnets, NSGs, public IPs, NAT gateways, the WAF policy
// and private DNS zones, assigning user-assigned identities, a Key Vault firewall rule on a subnet
// ("joinViaServiceEndpoint/action for the subnets being added",
// virtual-network/virtual-network-service-endpoints-overview.md), auto-approving the SQL private
// endpoint and its network interface (private-link/rbac-permissions.md, "Approval RBAC for
// private endpoint", automatic approval), ACR import and Tasks runs, the gateway's backend
// health, and the event subscription at its source's scope ("Microsoft.EventGrid/
// EventSubscriptions/Write permission on the resource that is the event source",
// event-grid/security-authorization.md).
var environmentActions = [
  'Microsoft.Resources/subscriptions/resourceGroups/read'
  'Microsoft.ManagedIdentity/userAssignedIdentities/read'
  'Microsoft.ManagedIdentity/userAssignedIdentities/write'
  'Microsoft.ManagedIdentity/userAssignedIdentities/delete'
  'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'
  'Microsoft.Network/virtualNetworks/read'
  'Microsoft.Network/virtualNetworks/write'
  'Microsoft.Network/virtualNetworks/delete'
  'Microsoft.Network/virtualNetworks/join/action'
  'Microsoft.Network/virtualNetworks/subnets/read'
  'Microsoft.Network/virtualNetworks/subnets/write'
  'Microsoft.Network/virtualNetworks/subnets/delete'
  'Microsoft.Network/virtualNetworks/subnets/join/action'
  'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action'
  'Microsoft.Network/networkSecurityGroups/read'
  'Microsoft.Network/networkSecurityGroups/write'
  'Microsoft.Network/networkSecurityGroups/delete'
  'Microsoft.Network/networkSecurityGroups/join/action'
  'Microsoft.Network/natGateways/read'
  'Microsoft.Network/natGateways/write'
  'Microsoft.Network/natGateways/delete'
  'Microsoft.Network/natGateways/join/action'
  'Microsoft.Network/publicIPAddresses/read'
  'Microsoft.Network/publicIPAddresses/write'
  'Microsoft.Network/publicIPAddresses/delete'
  'Microsoft.Network/publicIPAddresses/join/action'
  'Microsoft.Network/privateEndpoints/read'
  'Microsoft.Network/privateEndpoints/write'
  'Microsoft.Network/privateEndpoints/delete'
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read'
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write'
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/delete'
  'Microsoft.Network/locations/availablePrivateEndpointTypes/read'
  'Microsoft.Network/networkInterfaces/read'
  'Microsoft.Network/networkInterfaces/write'
  'Microsoft.Network/networkInterfaces/delete'
  'Microsoft.Network/applicationGateways/read'
  'Microsoft.Network/applicationGateways/write'
  'Microsoft.Network/applicationGateways/delete'
  'Microsoft.Network/applicationGateways/backendhealth/action'
  'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/read'
  'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/write'
  'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/delete'
  'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies/join/action'
  'Microsoft.Network/privateDnsZones/read'
  'Microsoft.Network/privateDnsZones/write'
  'Microsoft.Network/privateDnsZones/delete'
  'Microsoft.Network/privateDnsZones/join/action'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/read'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/write'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/delete'
  'Microsoft.Network/privateDnsZones/A/read'
  'Microsoft.Network/privateDnsZones/A/write'
  'Microsoft.Network/privateDnsZones/A/delete'
  'Microsoft.KeyVault/vaults/read'
  'Microsoft.KeyVault/vaults/write'
  'Microsoft.KeyVault/vaults/delete'
  'Microsoft.ContainerRegistry/registries/read'
  'Microsoft.ContainerRegistry/registries/write'
  'Microsoft.ContainerRegistry/registries/delete'
  'Microsoft.ContainerRegistry/registries/importImage/action'
  'Microsoft.ContainerRegistry/registries/listBuildSourceUploadUrl/action'
  'Microsoft.ContainerRegistry/registries/scheduleRun/action'
  'Microsoft.ContainerRegistry/registries/runs/read'
  'Microsoft.Sql/servers/read'
  'Microsoft.Sql/servers/write'
  'Microsoft.Sql/servers/delete'
  'Microsoft.Sql/servers/privateEndpointConnectionsApproval/action'
  'Microsoft.Sql/servers/databases/read'
  'Microsoft.Sql/servers/databases/write'
  'Microsoft.Sql/servers/databases/delete'
  'Microsoft.ContainerInstance/containerGroups/read'
  'Microsoft.ContainerInstance/containerGroups/write'
  'Microsoft.ContainerInstance/containerGroups/delete'
  'Microsoft.EventGrid/systemTopics/read'
  'Microsoft.EventGrid/systemTopics/write'
  'Microsoft.EventGrid/systemTopics/delete'
  'Microsoft.EventGrid/systemTopics/eventSubscriptions/read'
  'Microsoft.EventGrid/systemTopics/eventSubscriptions/write'
  'Microsoft.EventGrid/systemTopics/eventSubscriptions/delete'
  'Microsoft.EventGrid/eventSubscriptions/read'
  'Microsoft.EventGrid/eventSubscriptions/write'
  'Microsoft.EventGrid/eventSubscriptions/delete'
]

// In a public DNS zone's resource group: the records the app writes (the gateway's A/CNAME
// records of src/plan/public-dns.ts, the ACME DNS-01 TXT records of src/certs), never the zone.
var dnsRecordActions = [
  'Microsoft.Network/dnsZones/read'
  'Microsoft.Network/dnsZones/A/read'
  'Microsoft.Network/dnsZones/A/write'
  'Microsoft.Network/dnsZones/A/delete'
  'Microsoft.Network/dnsZones/CNAME/read'
  'Microsoft.Network/dnsZones/CNAME/write'
  'Microsoft.Network/dnsZones/CNAME/delete'
  'Microsoft.Network/dnsZones/TXT/read'
  'Microsoft.Network/dnsZones/TXT/write'
  'Microsoft.Network/dnsZones/TXT/delete'
]

// On the app's own integration subnet and Functions app: the Key Vault firewall rule each
// environment's vault gets for that subnet, and Event Grid's check that the subscriber may write
// to a destination that is not a webhook ("you need write access to that resource",
// event-grid/security-authorization.md; that Microsoft.Web/sites/functions/write is that access
// is inferred).
var appActions = [
  'Microsoft.Network/virtualNetworks/subnets/read'
  'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action'
  'Microsoft.Web/sites/functions/read'
  'Microsoft.Web/sites/functions/write'
]

resource subscriptionRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, appName, 'subscription')
  properties: {
    roleName: 'aci-vnet-sidecars subscription ${roleSuffix}'
    description: 'Registers the resource providers aci-vnet-sidecars deploys and reads what a deployment reads at the subscription.'
    type: 'CustomRole'
    permissions: [{ actions: subscriptionActions, notActions: [] }]
    assignableScopes: [subscription().id]
  }
}

resource environmentRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(environmentResourceGroups)) {
  name: guid(subscription().id, appName, 'environment')
  properties: {
    roleName: 'aci-vnet-sidecars environment ${roleSuffix}'
    description: 'Creates, updates and deletes the resources of aci-vnet-sidecars environments.'
    type: 'CustomRole'
    permissions: [{ actions: environmentActions, notActions: [] }]
    assignableScopes: [for group in environmentResourceGroups: '${groupId}${group}']
  }
}

resource dnsRecordsRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(dnsZoneResourceGroups)) {
  name: guid(subscription().id, appName, 'dns-records')
  properties: {
    roleName: 'aci-vnet-sidecars DNS records ${roleSuffix}'
    description: 'Writes the A, CNAME and TXT records of aci-vnet-sidecars environments in public DNS zones.'
    type: 'CustomRole'
    permissions: [{ actions: dnsRecordActions, notActions: [] }]
    assignableScopes: [for group in dnsZoneResourceGroups: '${groupId}${group}']
  }
}

resource appRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, appName, 'app')
  properties: {
    roleName: 'aci-vnet-sidecars self ${roleSuffix}'
    description: 'Lets the aci-vnet-sidecars app name its own subnet in Key Vault firewalls and its own function as an Event Grid destination.'
    type: 'CustomRole'
    permissions: [{ actions: appActions, notActions: [] }]
    assignableScopes: ['${groupId}${appResourceGroup}']
  }
}

resource subscriptionAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, subscriptionRole.id)
  properties: {
    roleDefinitionId: subscriptionRole.id
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output environmentRoleId string = environmentRole.id
output dnsRecordsRoleId string = dnsRecordsRole.id
output appRoleId string = appRole.id
