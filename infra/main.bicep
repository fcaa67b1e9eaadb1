// Deploys the aci-vnet-sidecars Functions app itself: a resource group with the app, its storage,
// monitoring and managed identity, and the identity's roles on the subscription where it deploys
// environments. Everything authenticates with the managed identity; no keys or passwords.
targetScope = 'subscription'

@description('Name prefix of the app resources, 3-16 lower-case letters and digits.')
@minLength(3)
@maxLength(16)
param appName string = 'acivnetsidecars'

@description('Region of the app (environments choose their own in their spec).')
param location string

@description('Resource group that holds the app.')
param resourceGroupName string = 'rg-${appName}'

@description('NCRONTAB schedule of the periodic reconcile.')
param reconcileSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule of the certificate renewal check.')
param renewalSchedule string = '0 0 3 * * *'

resource appGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: { 'managed-by': 'aci-vnet-sidecars' }
}

module app 'app.bicep' = {
  name: 'aci-vnet-sidecars-app'
  scope: appGroup
  params: {
    appName: appName
    location: location
    reconcileSchedule: reconcileSchedule
    renewalSchedule: renewalSchedule
  }
}

module access 'subscription-access.bicep' = {
  name: 'aci-vnet-sidecars-access'
  params: {
    principalId: app.outputs.principalId
  }
}

output functionAppName string = app.outputs.functionAppName
output functionAppUrl string = app.outputs.functionAppUrl
output principalId string = app.outputs.principalId
