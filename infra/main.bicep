// Deploys the aci-vnet-sidecars Functions app itself: a resource group with the app on a Flex
// Consumption plan, its storage, monitoring and managed identity, and the identity's roles on the
// subscription where it deploys environments. Everything authenticates with the managed identity;
// no keys or passwords. Nothing here subscribes to Event Grid: the app creates each environment's
// subscription when it deploys that environment, which needs the code deployed first (README.md).
targetScope = 'subscription'

@description('Name prefix of the app resources, 3-16 lower-case letters and digits.')
@minLength(3)
@maxLength(16)
param appName string = 'acivnetsidecars'

@description('Region of the app; it must offer Flex Consumption (az functionapp list-flexconsumption-locations). Environments choose their own region in their spec.')
param location string

@description('Resource group that holds the app.')
param resourceGroupName string = 'rg-${appName}'

@description('NCRONTAB schedule of the periodic reconcile.')
param reconcileSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule of the certificate renewal check.')
param renewalSchedule string = '0 0 3 * * *'

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Always-ready instances for the Durable Functions group (0 lets it scale to zero; billed while ready).')
@minValue(0)
param durableAlwaysReady int = 1

resource appGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
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
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableAlwaysReady: durableAlwaysReady
  }
}

module access 'subscription-access.bicep' = {
  name: 'aci-vnet-sidecars-access'
  params: {
    principalId: app.outputs.principalId
  }
}

// azd reads AZURE_RESOURCE_GROUP from the outputs to find the app it deploys the code to.
output AZURE_RESOURCE_GROUP string = appGroup.name
output functionAppName string = app.outputs.functionAppName
output functionAppUrl string = app.outputs.functionAppUrl
output principalId string = app.outputs.principalId
