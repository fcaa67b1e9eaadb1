// The app's identity deploys environments anywhere in this subscription: Contributor to create
// resources, and Role Based Access Control Administrator limited by a condition to the built-in
// roles the plan assigns (src/plan/roles.ts), so it cannot grant anything else.
targetScope = 'subscription'

@description('Object id of the app\'s managed identity.')
param principalId string

var contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
var rbacAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
var assignableRoles = [
  '7f951dda-4ed3-4680-a7ca-43fe172d538d' // AcrPull
  '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  'b12aa53e-6015-4669-85d0-8515ebb3ae7f' // Private DNS Zone Contributor
  'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader
  'a4417e6f-fecd-4de8-b567-7b0420556985' // Key Vault Certificates Officer
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer
]
var roleList = join(assignableRoles, ', ')
var condition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleList}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleList}}))'

resource contributorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, contributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource rbacAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(subscription().id, principalId, rbacAdministrator)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalId: principalId
    principalType: 'ServicePrincipal'
    condition: condition
    conditionVersion: '2.0'
  }
}
