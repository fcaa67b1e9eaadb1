// The app's rights on its own resources (in its resource group): the custom self role
// (subscription-access.bicep) on its integration subnet, which each environment's Key Vault
// firewall names, and on its Functions app, whose onContainerGroupEvent function each
// environment's Event Grid subscription delivers to.
targetScope = 'resourceGroup'

@description('Object id of the app\'s managed identity.')
param principalId string

@description('Resource id of the custom self role.')
param appRoleId string

@description('Name of the app\'s virtual network.')
param networkName string

@description('Name of the app\'s integration subnet.')
param subnetName string

@description('Name of the Functions app.')
param functionAppName string

resource network 'Microsoft.Network/virtualNetworks@2025-05-01' existing = {
  name: networkName
}

resource subnet 'Microsoft.Network/virtualNetworks/subnets@2025-05-01' existing = {
  parent: network
  name: subnetName
}

resource site 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource subnetAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subnet.id, principalId, appRoleId)
  scope: subnet
  properties: {
    roleDefinitionId: appRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource siteAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(site.id, principalId, appRoleId)
  scope: site
  properties: {
    roleDefinitionId: appRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
