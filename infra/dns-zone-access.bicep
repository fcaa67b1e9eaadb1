// The app's rights in the resource group of a public DNS zone: the custom DNS records role
// (subscription-access.bicep: the A, CNAME and TXT records it writes, never the zone itself).
targetScope = 'resourceGroup'

@description('Object id of the app\'s managed identity.')
param principalId string

@description('Resource id of the custom DNS records role.')
param dnsRecordsRoleId string

resource dnsRecordsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, dnsRecordsRoleId)
  properties: {
    roleDefinitionId: dnsRecordsRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
