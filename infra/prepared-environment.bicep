// One environment prepared before its first deployment: its gateway's user-assigned identity
// (named and tagged as the app's plan names and tags it, so the deployment finds it its own and
// keeps it) and Key Vault Secrets User for it on the environment's resource group.
//
// Application Gateway reads its listener certificate with this identity, and a role assignment
// "can take up to 10 minutes" to apply (role-based-access-control/troubleshooting.md). The grant
// the deployment makes on the certificate's secret is that new; this one, made by `azd provision`,
// has applied long before, so the deployment writes the HTTPS listener without waiting for it.
// Its cost: on the group, the grant reaches every secret of the group's vaults, the ACME account
// key included, where the deployment's own grant reaches only the certificate. Listed
// environments only (main.bicep `preparedEnvironments`).
targetScope = 'resourceGroup'

@description('Environment name, as in its spec (3-20 of a-z 0-9 -, starting with a letter).')
@minLength(3)
@maxLength(20)
param environmentName string

@description('The spec\'s location: the identity is created there, as the deployment plans it.')
param location string

var secretsUser = '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User

resource gatewayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${environmentName}-gateway'
  location: location
  tags: {
    'aci-vnet-sidecars-environment': environmentName
    'managed-by': 'aci-vnet-sidecars'
  }
}

resource gatewaySecretsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, gatewayIdentity.id, secretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUser)
    principalId: gatewayIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}
