// Deploys the aci-vnet-sidecars Functions app itself: a resource group with the app on a Flex
// Consumption plan, its storage, monitoring, managed identity and integration subnet, and the
// identity's rights: in the resource groups it deploys environments into and those of their
// public DNS zones only, never Contributor or Owner (subscription-access.bicep). Everything
// authenticates with the managed identity; no keys or passwords. Nothing here subscribes to Event
// Grid: the app creates each environment's subscription when it deploys that environment, which
// needs the code deployed first (README.md).
targetScope = 'subscription'

@description('Name prefix of the app resources, 3-16 lower-case letters and digits.')
@minLength(3)
@maxLength(16)
param appName string = 'acivnetsidecars'

@description('Region of the app; it must offer Flex Consumption (az functionapp list-flexconsumption-locations). Environments choose their own region in their spec.')
param location string

@description('Resource group that holds the app.')
param resourceGroupName string = 'rg-${appName}'

@description('Resource groups the app deploys environments into (each spec\'s resourceGroup). Each must exist already; the app gets rights in these groups only. Add a group here and run azd provision before deploying an environment into it.')
param environmentResourceGroups array = []

@description('Environments to prepare before their first deployment, each { name, resourceGroup, location } as in its spec; resourceGroup must be one of environmentResourceGroups. Each gets its gateway identity and Key Vault Secrets User on its group for it (prepared-environment.bicep), so that its first deployment does not wait up to 10 minutes for that grant; the grant reaches every secret of the group\'s vaults.')
param preparedEnvironments array = []

@description('Resource groups holding the public DNS zones of those environments (each spec\'s dns.publicZoneResourceGroup, or its resourceGroup when it names none). The app may write A, CNAME and TXT records there, nothing else.')
param dnsZoneResourceGroups array = []

@description('Address prefix of the app\'s virtual network and integration subnet (Key Vault firewalls let this subnet in).')
param appAddressPrefix string = '10.90.0.0/26'

@description('Id of the Key Vault secret holding the webhook URL where deployments, renewals and heals are announced, https://<vault>.vault.azure.net/secrets/<name>, version-less; empty turns notifications off. Only the id is passed: the URL stays in Key Vault. Grant the app\'s identity Key Vault Secrets User on that secret (README, "Notifications").')
param notifyWebhookSecretId string = ''

@description('Payload of the notifications: json (the app\'s own, the default when empty), teams (an Adaptive Card) or slack. Refused without notifyWebhookSecretId.')
@allowed(['', 'json', 'teams', 'slack'])
param notifyFormat string = ''

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
    appAddressPrefix: appAddressPrefix
    notifyWebhookSecretId: notifyWebhookSecretId
    notifyFormat: notifyFormat
  }
}

module access 'subscription-access.bicep' = {
  name: 'aci-vnet-sidecars-access'
  params: {
    principalId: app.outputs.principalId
    appName: appName
    environmentResourceGroups: environmentResourceGroups
    dnsZoneResourceGroups: dnsZoneResourceGroups
    appResourceGroup: appGroup.name
  }
}

module environmentAccess 'resource-group-access.bicep' = [
  for group in environmentResourceGroups: {
    name: 'aci-vnet-sidecars-access-${group}'
    scope: resourceGroup(group)
    params: {
      principalId: app.outputs.principalId
      environmentRoleId: access.outputs.environmentRoleId
    }
  }
]

module preparedEnvironment 'prepared-environment.bicep' = [
  for environment in preparedEnvironments: {
    name: 'aci-vnet-sidecars-prepared-${environment.name}'
    scope: resourceGroup(environment.resourceGroup)
    params: {
      environmentName: environment.name
      location: environment.location
    }
  }
]

module dnsZoneAccess 'dns-zone-access.bicep' = [
  for group in dnsZoneResourceGroups: {
    name: 'aci-vnet-sidecars-dns-${group}'
    scope: resourceGroup(group)
    params: {
      principalId: app.outputs.principalId
      dnsRecordsRoleId: access.outputs.dnsRecordsRoleId
    }
  }
]

module appAccess 'app-access.bicep' = {
  name: 'aci-vnet-sidecars-app-access'
  scope: appGroup
  params: {
    principalId: app.outputs.principalId
    appRoleId: access.outputs.appRoleId
    networkName: app.outputs.networkName
    subnetName: app.outputs.subnetName
    functionAppName: app.outputs.functionAppName
  }
}

// azd reads AZURE_RESOURCE_GROUP from the outputs to find the app it deploys the code to.
output AZURE_RESOURCE_GROUP string = appGroup.name
output functionAppName string = app.outputs.functionAppName
output functionAppUrl string = app.outputs.functionAppUrl
output principalId string = app.outputs.principalId
