// The app's rights in one environment resource group: the custom environment role
// (subscription-access.bicep) and Role Based Access Control Administrator limited by a condition
// to the built-in roles the plan assigns (src/plan/roles.ts BUILT_IN_ROLES) and to service
// principals (the environments' managed identities): "Constrain roles and principal types",
// role-based-access-control/delegate-role-assignments-examples.md. The condition covers writes
// (the request's role and principal type) and deletes (the existing assignment's), each
// attribute source on its own action as that page requires. The scope is this resource group.
targetScope = 'resourceGroup'

@description('Object id of the app\'s managed identity.')
param principalId string

@description('Resource id of the custom environment role.')
param environmentRoleId string

var rbacAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
var assignableRoles = [
  '7f951dda-4ed3-4680-a7ca-43fe172d538d' // AcrPull
  '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  'acdd72a7-3385-48ef-bd42-f606fba81ae7' // Reader
  'a4417e6f-fecd-4de8-b567-7b0420556985' // Key Vault Certificates Officer
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer
]
var roles = join(assignableRoles, ', ')
var writes = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'
var deletes = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles}} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'

resource environmentAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, environmentRoleId)
  properties: {
    roleDefinitionId: environmentRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource rbacAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, rbacAdministrator)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministrator)
    principalId: principalId
    principalType: 'ServicePrincipal'
    condition: '(${writes}) AND (${deletes})'
    conditionVersion: '2.0'
  }
}

// The data roles the app needs in each environment's vault (src/plan/roles.ts grants them again on
// the vault itself), given here too so that they have spread long before a deployment: a role
// assignment "can take up to 10 minutes" to take effect (role-based-access-control/
// troubleshooting.md), and a grant made by the deployment itself puts that wait on its critical
// path. No new right: the RBAC Administrator assignment above already lets the app assign itself
// these two roles anywhere in this group.
var vaultDataRoles = [
  'a4417e6f-fecd-4de8-b567-7b0420556985' // Key Vault Certificates Officer
  'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer
]

resource vaultDataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in vaultDataRoles: {
    name: guid(resourceGroup().id, principalId, role)
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]
