import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, planIds, ref, relativeName, resourceGroupId } from '../../../src/plan/index.js';
import { at, exampleSpec, only } from './helpers.js';

describe('public DNS record', () => {
  test("points the host name at the gateway's public FQDN in the spec's zone and resource group", () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const record = only(buildPlan(spec), 'Microsoft.Network/dnsZones/CNAME');
    assert.equal(
      record.id,
      `${resourceGroupId(spec.subscriptionId, 'rg-dns')}/providers/Microsoft.Network/dnsZones/contoso.example/CNAME/app`,
    );
    assert.equal(at(record.body, 'properties.TTL'), 300);
    assert.deepEqual(at(record.body, 'properties.CNAMERecord'), {
      cname: ref(ids.gatewayPublicIp, 'properties.dnsSettings.fqdn'),
    });
    assert.deepEqual(record.dependsOn, [ids.gatewayPublicIp]);
  });

  test('defaults the zone resource group to the environment resource group', () => {
    const record = only(
      buildPlan(exampleSpec('minimal', { dns: { ttl: 60 } })),
      'Microsoft.Network/dnsZones/CNAME',
    );
    assert.ok(record.id.includes('/resourceGroups/rg-contoso-dev/'));
    assert.equal(at(record.body, 'properties.TTL'), 60);
  });

  test('uses an alias A record at the zone apex, where a CNAME is not allowed', () => {
    const spec = exampleSpec('minimal', {
      gateway: { hostName: 'contoso.example' },
      certificates: { names: ['contoso.example'] },
    });
    const ids = planIds(spec);
    const record = only(buildPlan(spec), 'Microsoft.Network/dnsZones/A');
    assert.ok(record.id.endsWith('/dnsZones/contoso.example/A/@'));
    assert.deepEqual(at(record.body, 'properties.targetResource'), { id: ids.gatewayPublicIp });
  });

  test('computes names relative to the zone', () => {
    assert.equal(relativeName('app.contoso.example', 'contoso.example'), 'app');
    assert.equal(relativeName('a.b.contoso.example', 'contoso.example'), 'a.b');
    assert.equal(relativeName('contoso.example', 'contoso.example'), '@');
    assert.throws(() => relativeName('app.other.example', 'contoso.example'), /not in the zone/);
  });
});

describe('Event Grid', () => {
  test('subscribes to the resource group system topic', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const topic = only(buildPlan(spec), 'Microsoft.EventGrid/systemTopics');
    assert.equal(topic.name, spec.names.eventGridSystemTopic);
    assert.equal(topic.body.location, 'global');
    assert.deepEqual(topic.body.properties, {
      source: ids.resourceGroup,
      topicType: 'Microsoft.Resources.ResourceGroups',
    });
  });

  test('delivers container-group writes, deletes and actions to the Functions app by default', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const sub = only(buildPlan(spec), 'Microsoft.EventGrid/systemTopics/eventSubscriptions');
    assert.equal(
      sub.id,
      `${ids.eventGridSystemTopic}/eventSubscriptions/${spec.names.eventGridSubscription}`,
    );
    assert.deepEqual(sub.body.properties, {
      destination: {
        endpointType: 'AzureFunction',
        properties: {
          resourceId: '${param:eventHandlerFunctionId}',
          maxEventsPerBatch: 1,
          preferredBatchSizeInKilobytes: 64,
        },
      },
      filter: {
        includedEventTypes: [
          'Microsoft.Resources.ResourceWriteSuccess',
          'Microsoft.Resources.ResourceDeleteSuccess',
          'Microsoft.Resources.ResourceActionSuccess',
        ],
        subjectBeginsWith: `/subscriptions/${spec.subscriptionId}/resourceGroups/rg-contoso-prod/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-prod-`,
        isSubjectCaseSensitive: false,
      },
      eventDeliverySchema: 'EventGridSchema',
      retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
    });
    assert.deepEqual(sub.dependsOn, [ids.eventGridSystemTopic]);
  });

  test('delivers to the destination the options give', () => {
    const endpointUrl =
      'https://127.0.0.1:7071/runtime/webhooks/eventgrid?functionName=containerGroupEvents';
    const webhook = only(
      buildPlan(exampleSpec('minimal'), {
        eventDestination: { endpointType: 'WebHook', endpointUrl },
      }),
      'Microsoft.EventGrid/systemTopics/eventSubscriptions',
    );
    assert.deepEqual(at(webhook.body, 'properties.destination'), {
      endpointType: 'WebHook',
      properties: { endpointUrl, maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64 },
    });
    const resourceId =
      '/subscriptions/x/resourceGroups/y/providers/Microsoft.Web/sites/f/functions/containerGroupEvents';
    const fn = only(
      buildPlan(exampleSpec('minimal'), {
        eventDestination: { endpointType: 'AzureFunction', resourceId },
      }),
      'Microsoft.EventGrid/systemTopics/eventSubscriptions',
    );
    assert.equal(at(fn.body, 'properties.destination.properties.resourceId'), resourceId);
  });
});
