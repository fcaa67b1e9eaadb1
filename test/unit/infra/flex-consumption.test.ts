// The hosting Azure supports for this app: Flex Consumption with identity-only storage. Elastic
// Premium without an Azure Files share needs a blob-hosted package set as WEBSITE_RUN_FROM_PACKAGE
// (azure-functions/storage-considerations.md, "Create an app without Azure Files"), which infra/
// never provided; Flex Consumption runs from a blob container it reads with the app's identity.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { textAt, valueAt } from './support/bicep-text.js';
import {
  appSettings,
  bicepFiles,
  infraText,
  keysOf,
  onlyResource,
  resourcesIn,
} from './support/infra-files.js';

const site = () => onlyResource('app.bicep', 'Microsoft.Web/sites');

/**
 * functions-app-settings.md, "Flex Consumption plan deprecations": "these site properties and
 * application settings are deprecated and shouldn't be used when creating function app
 * resources"; flex-consumption-plan.md, "Considerations", adds WEBSITE_TIME_ZONE, TZ and
 * WEBSITE_LOAD_CERTIFICATES ("aren't currently supported").
 */
const DEPRECATED_SETTINGS = [
  'ENABLE_ORYX_BUILD',
  'FUNCTIONS_EXTENSION_VERSION',
  'FUNCTIONS_WORKER_RUNTIME',
  'FUNCTIONS_WORKER_RUNTIME_VERSION',
  'FUNCTIONS_MAX_HTTP_CONCURRENCY',
  'FUNCTIONS_WORKER_PROCESS_COUNT',
  'FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING',
  'WEBSITE_CONTENTOVERVNET',
  'WEBSITE_CONTENTSHARE',
  'WEBSITE_DNS_SERVER',
  'WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT',
  'WEBSITE_NODE_DEFAULT_VERSION',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_SKIP_CONTENTSHARE_VALIDATION',
  'WEBSITE_VNET_ROUTE_ALL',
  'WEBSITE_TIME_ZONE',
  'TZ',
  'WEBSITE_LOAD_CERTIFICATES',
];

/** Same table: the site properties (in `properties` or `properties.siteConfig`), lower-cased. */
const DEPRECATED_PROPERTIES = [
  'alwayson',
  'containersize',
  'dnsconfiguration',
  'ftpsstate',
  'reserved',
  'isreserved',
  'isxenon',
  'javaversion',
  'linuxfxversion',
  'netframeworkversion',
  'powershellversion',
  'functionappscalelimit',
  'prewarmedinstancecount',
  'use32bitworkerprocess',
  'vnetbackuprestoreenabled',
  'vnetcontentshareenabled',
  'vnetimagepullenabled',
  'vnetrouteallenabled',
  'windowsfxversion',
  'endtoendencryptionenabled',
];

describe('the Functions app on Flex Consumption (infra/app.bicep)', () => {
  test('runs on an FC1 plan, which is Linux only and so reserved', () => {
    // functions-infrastructure-as-code.md: "FC1 for the Name property value in the sku property
    // with a tier value of FlexConsumption", "you must also set the reserved property to true".
    const plan = onlyResource('app.bicep', 'Microsoft.Web/serverfarms');
    assert.equal(textAt(plan.body, ['sku', 'name']), "'FC1'");
    assert.equal(textAt(plan.body, ['sku', 'tier']), "'FlexConsumption'");
    assert.equal(textAt(plan.body, ['properties', 'reserved']), 'true');
    assert.equal(textAt(site().body, ['properties', 'serverFarmId']), `${plan.symbol}.id`);
    assert.equal(textAt(site().body, ['kind']), "'functionapp,linux'");
  });

  test('runs Node 22 from a package in a private blob container read with its own identity', () => {
    const config = ['properties', 'functionAppConfig'];
    assert.equal(textAt(site().body, [...config, 'runtime', 'name']), "'node'");
    assert.equal(textAt(site().body, [...config, 'runtime', 'version']), "'22'");
    const storage = [...config, 'deployment', 'storage'];
    assert.equal(textAt(site().body, [...storage, 'type']), "'blobContainer'");
    const container = onlyResource(
      'app.bicep',
      'Microsoft.Storage/storageAccounts/blobServices/containers',
    );
    assert.equal(textAt(container.body, ['properties', 'publicAccess']), "'None'");
    // The container must exist before the app (functions-infrastructure-as-code.md, "The
    // container and any application settings must exist when the app is created"): the URL
    // refers to the container resource, so Bicep orders it first.
    assert.match(
      textAt(site().body, [...storage, 'value']) ?? '',
      new RegExp(`\\$\\{${container.symbol}\\.name\\}'$`),
    );
    const auth = [...storage, 'authentication'];
    assert.equal(textAt(site().body, [...auth, 'type']), "'UserAssignedIdentity'");
    const identity = onlyResource('app.bicep', 'Microsoft.ManagedIdentity/userAssignedIdentities');
    assert.equal(
      textAt(site().body, [...auth, 'userAssignedIdentityResourceId']),
      `${identity.symbol}.id`,
    );
    assert.deepEqual(keysOf(valueAt(site().body, ['identity', 'userAssignedIdentities'])), [
      `\${${identity.symbol}.id}`,
    ]);
  });

  test('scales with the sizes Flex Consumption offers and keeps one Durable instance ready', () => {
    const scale = ['properties', 'functionAppConfig', 'scaleAndConcurrency'];
    assert.equal(textAt(site().body, [...scale, 'instanceMemoryMB']), 'instanceMemoryMB');
    assert.equal(textAt(site().body, [...scale, 'maximumInstanceCount']), 'maximumInstanceCount');
    const main = infraText('main.bicep');
    // flex-consumption-plan.md, "Instance sizes": 512, 2048 and 4096 MB.
    assert.match(main, /@allowed\(\[512, 2048, 4096\]\)\nparam instanceMemoryMB int = 2048/);
    // durable-functions-azure-storage-provider.md, "Flex Consumption plan": "Set the always
    // ready instance count for the durable group to 1."
    const ready = valueAt(site().body, [...scale, 'alwaysReady']);
    assert.equal(ready?.kind, 'array');
    assert.equal(
      textAt(ready?.kind === 'array' ? ready.items[0] : undefined, ['name']),
      "'durable'",
    );
    assert.match(main, /param durableAlwaysReady int = 1\n/);
  });

  test('reaches its host storage with the identity, never with a key', () => {
    const settings = appSettings(site());
    const identity = onlyResource('app.bicep', 'Microsoft.ManagedIdentity/userAssignedIdentities');
    const storage = onlyResource('app.bicep', 'Microsoft.Storage/storageAccounts');
    assert.equal(settings.get('AzureWebJobsStorage__accountName'), `${storage.symbol}.name`);
    assert.equal(settings.get('AzureWebJobsStorage__credential'), "'managedidentity'");
    assert.equal(
      settings.get('AzureWebJobsStorage__clientId'),
      `${identity.symbol}.properties.clientId`,
    );
    assert.equal(
      settings.has('AzureWebJobsStorage'),
      false,
      'a connection-string AzureWebJobsStorage',
    );
    assert.equal(textAt(storage.body, ['properties', 'allowSharedKeyAccess']), 'false');
    for (const file of bicepFiles()) {
      assert.doesNotMatch(
        infraText(file),
        /listKeys\(|AccountKey=|SharedAccessSignature|sig=/i,
        file,
      );
    }
  });

  test('sets none of the app settings and site properties Flex Consumption deprecates', () => {
    const set = [...appSettings(site()).keys()];
    assert.deepEqual(
      set.filter((name) => DEPRECATED_SETTINGS.includes(name)),
      [],
    );
    const properties = [
      ...keysOf(valueAt(site().body, ['properties'])),
      ...keysOf(valueAt(site().body, ['properties', 'siteConfig'])),
    ];
    assert.deepEqual(
      properties.filter((p) => DEPRECATED_PROPERTIES.includes(p.toLowerCase())),
      [],
    );
  });

  test('grants the identity the storage roles the host and Durable Functions use', () => {
    // functions-reference.md, roles for AzureWebJobsStorage: "Storage Blob Data Owner" for the
    // host; Durable Functions: "Storage Blob Data Contributor, Storage Queue Data Contributor,
    // Storage Table Data Contributor" (Blob Data Owner includes Blob Data Contributor).
    const text = infraText('app.bicep');
    const list = /var storageRoles = \[([^\]]*)\]/.exec(text)?.[1] ?? '';
    for (const role of [
      'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', // Storage Blob Data Owner
      '974c5e8b-45b9-4653-ba55-5f855dd0fb88', // Storage Queue Data Contributor
      '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', // Storage Table Data Contributor
    ]) {
      assert.ok(list.includes(`'${role}'`), `storageRoles lacks ${role}`);
    }
    const storage = onlyResource('app.bicep', 'Microsoft.Storage/storageAccounts');
    const grants = resourcesIn('app.bicep').filter(
      (r) =>
        r.type === 'Microsoft.Authorization/roleAssignments' &&
        textAt(r.body, ['scope']) === storage.symbol,
    );
    assert.equal(grants.length, 1);
    assert.match(textAt(grants[0]!.body, ['properties', 'roleDefinitionId']) ?? '', /, role\)$/);
  });

  test('sends telemetry with Microsoft Entra authentication only', () => {
    const insights = onlyResource('app.bicep', 'Microsoft.Insights/components');
    assert.equal(textAt(insights.body, ['properties', 'DisableLocalAuth']), 'true');
    // functions-app-settings.md, APPLICATIONINSIGHTS_AUTHENTICATION_STRING: for a user-assigned
    // identity "Authorization=AAD;ClientId=<USER_ASSIGNED_CLIENT_ID>", with "an assigned role
    // equivalent to Monitoring Metrics Publisher".
    const identity = onlyResource('app.bicep', 'Microsoft.ManagedIdentity/userAssignedIdentities');
    const pairs = (appSettings(site()).get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING') ?? '')
      .replace(/^'|'$/g, '')
      .split(';')
      .sort();
    assert.deepEqual(pairs, [
      'Authorization=AAD',
      `ClientId=\${${identity.symbol}.properties.clientId}`,
    ]);
    const grant = resourcesIn('app.bicep').find(
      (r) =>
        r.type === 'Microsoft.Authorization/roleAssignments' &&
        textAt(r.body, ['scope']) === insights.symbol,
    );
    assert.ok(grant, 'no role assignment on Application Insights');
    assert.match(
      infraText('app.bicep'),
      /var metricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'/,
    );
    assert.match(
      textAt(grant.body, ['properties', 'roleDefinitionId']) ?? '',
      /, metricsPublisher\)$/,
    );
  });

  test('subscribes nothing to Event Grid: the app does it per environment once its code runs', () => {
    // Event Grid checks the destination when a subscription is created ("Destination endpoint
    // not found" for a function that is not deployed yet, Azure/bicep#11656), so the
    // subscription cannot come before the code; the app creates one per environment.
    for (const file of bicepFiles()) {
      const eventGrid = resourcesIn(file).filter((r) =>
        r.type.toLowerCase().startsWith('microsoft.eventgrid/'),
      );
      assert.deepEqual(
        eventGrid.map((r) => r.symbol),
        [],
        file,
      );
    }
    assert.match(
      appSettings(site()).get('ACI_VNET_SIDECARS_EVENT_HANDLER_ID') ?? '',
      /\/functions\/onContainerGroupEvent'$/,
    );
  });

  test('is found by azd: the service tag and the resource group output', () => {
    assert.match(textAt(site().body, ['tags']) ?? '', /'azd-service-name': 'app'/);
    assert.match(infraText('main.bicep'), /^output AZURE_RESOURCE_GROUP string = /m);
  });
});
