// The Functions app on a Flex Consumption (FC1) plan: its code package in a blob container and its
// host storage (AzureWebJobsStorage, Durable Functions' task hub) both reached with the app's
// user-assigned identity, Application Insights with Microsoft Entra authentication only, and the
// app settings that src/settings.ts reads. No key, connection string or SAS anywhere.
// Every api-version and property name below exists in Azure/bicep-types-az (see
// test/unit/infra/fixtures/bicep-types.json and test/unit/infra/bicep-types.test.ts).
param appName string
param location string
param reconcileSchedule string
param renewalSchedule string
param maximumInstanceCount int
param instanceMemoryMB int
param durableAlwaysReady int
param appAddressPrefix string
param notifyWebhookSecretId string
param notifyFormat string

var suffix = uniqueString(resourceGroup().id)
var storageName = take('st${appName}${suffix}', 24)
var functionAppName = 'func-${appName}-${take(suffix, 6)}'
var tags = { 'managed-by': 'aci-vnet-sidecars' }

// The app's outbound traffic leaves through this subnet (virtual network integration: "your app
// routes outbound traffic through the virtual network … to access … resources with rules allowing
// traffic from only select subnets", azure-functions/functions-networking-options.md). Each
// environment's Key Vault firewall lets it in with a virtual network rule, which needs the
// Microsoft.KeyVault service endpoint on the subnet. Flex Consumption requires the delegation to
// Microsoft.App/environments (azure-functions/flex-consumption-plan.md, "Considerations").
// Internet-bound traffic still leaves from the app's own outbound addresses (same page).
var subnetName = 'snet-app'

resource network 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: 'vnet-${appName}'
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [appAddressPrefix] }
    subnets: [
      {
        name: subnetName
        properties: {
          addressPrefix: appAddressPrefix
          delegations: [{ name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }]
          serviceEndpoints: [{ service: 'Microsoft.KeyVault' }]
        }
      }
    ]
  }
}

var appSubnetId = '${network.id}/subnets/${subnetName}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${appName}'
  location: location
  tags: tags
}

// Shared keys off: Functions reaches blobs, queues and tables with the identity only
// (functions-reference.md, "Connecting to host storage with an identity").
resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: storageName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
}

// Flex Consumption runs the app from a zip package in this container; it must exist before the
// app is created (functions-infrastructure-as-code.md, "Deployment container").
resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = {
  parent: blobService
  name: 'app-package'
  properties: { publicAccess: 'None' }
}

// Storage Blob Data Owner: the host's blobs and the deployment package; Queue and Table Data
// Contributor: Durable Functions' task hub (functions-reference.md, the table of roles for
// AzureWebJobsStorage: "Durable Functions | All of: Storage Blob Data Contributor, Storage Queue
// Data Contributor, Storage Table Data Contributor").
var storageRoles = [
  'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
]

resource storageAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  tags: tags
  properties: { retentionInDays: 30, sku: { name: 'PerGB2018' } }
}

// Local (instrumentation key) authentication off: telemetry is accepted only with an Entra token
// (includes/functions-app-insights-disable-local-note.md).
resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  tags: tags
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id, DisableLocalAuth: true }
}

// Monitoring Metrics Publisher lets the app send telemetry with its identity
// (functions-app-settings.md, APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
var metricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource insightsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, metricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', metricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// "A Flex Consumption plan is a special type of serverfarm resource. You can specify it by using
// FC1 for the Name property value in the sku property with a tier value of FlexConsumption", and
// "you must also set the reserved property to true" (functions-infrastructure-as-code.md).
resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'asp-${appName}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

// Flex Consumption takes the runtime, scale and deployment source from functionAppConfig; the
// app settings and site properties listed under "Flex Consumption plan deprecations"
// (functions-app-settings.md) are not set: FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION,
// WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*, linuxFxVersion, alwaysOn, ftpsState and the rest.
resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: union(tags, { 'azd-service-name': 'app' })
  kind: 'functionapp,linux'
  identity: { type: 'UserAssigned', userAssignedIdentities: { '${identity.id}': {} } }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: appSubnetId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      runtime: { name: 'node', version: '22' }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // One warm instance for the orchestrations and activities, as recommended for Durable
        // Functions on Flex Consumption (durable-functions-azure-storage-provider.md).
        alwaysReady: [{ name: 'durable', instanceCount: durableAlwaysReady }]
      }
    }
    // The settings exist when the app is created, as Flex Consumption requires; an ARM PUT
    // replaces the whole list, so every setting the app needs is here.
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Host storage and Durable Functions' task hub through the identity
        // (functions-app-settings.md, AzureWebJobsStorage__accountName/__credential/__clientId).
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        // The connection string names the resource only; with local auth off, telemetry needs the
        // identity's Entra token ("Authorization=AAD;ClientId=<USER_ASSIGNED_CLIENT_ID>").
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'Authorization=AAD;ClientId=${identity.properties.clientId}'
        }
        // DefaultAzureCredential picks the user-assigned identity by its client id.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'ACI_VNET_SIDECARS_CLOUD', value: 'azure' }
        { name: 'ACI_VNET_SIDECARS_PRINCIPAL_ID', value: identity.properties.principalId }
        // Each environment's Key Vault firewall lets this subnet in (src/plan/key-vault.ts).
        { name: 'ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID', value: appSubnetId }
        // Where each environment's Event Grid subscription delivers. The subscription itself is
        // created by the app when it deploys an environment, after this code is deployed: Event
        // Grid validates the destination function when the subscription is created.
        {
          name: 'ACI_VNET_SIDECARS_EVENT_HANDLER_ID'
          value: '${resourceId('Microsoft.Web/sites', functionAppName)}/functions/onContainerGroupEvent'
        }
        { name: 'ACI_VNET_SIDECARS_RECONCILE_SCHEDULE', value: reconcileSchedule }
        { name: 'ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS', value: '10' }
        { name: 'ACI_VNET_SIDECARS_RENEWAL_SCHEDULE', value: renewalSchedule }
        // The secret's id, never its value: the app reads the URL from Key Vault when it sends.
        { name: 'ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET', value: notifyWebhookSecretId }
        { name: 'ACI_VNET_SIDECARS_NOTIFY_FORMAT', value: notifyFormat }
      ]
    }
  }
  dependsOn: [storageAccess, insightsAccess]
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output principalId string = identity.properties.principalId
output networkName string = network.name
output subnetName string = subnetName
