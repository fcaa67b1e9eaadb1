import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildPlan,
  onSystemTopic,
  planIds,
  systemTopicOfSource,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { at, exampleSpec } from './helpers.js';

const spec = exampleSpec('minimal');
const ids = planIds(spec);
const eventGridResources = (): PlannedResource[] =>
  buildPlan(spec).resources.filter((r) => r.area === 'event-grid');
const portalTopic = `${ids.resourceGroup}/providers/Microsoft.EventGrid/systemTopics/portal-topic`;

describe("the resource group's one system topic", () => {
  test("finds the group's topic whatever the casing ARM gives its source", () => {
    const source = ids.resourceGroup.replace('resourceGroups', 'resourcegroups').toUpperCase();
    const topics = [
      {
        id: 'storage',
        source: `${ids.resourceGroup}/providers/Microsoft.Storage/storageAccounts/s`,
        topicType: 'Microsoft.Storage.StorageAccounts',
      },
      {
        id: 'other-group',
        source: `${ids.resourceGroup}-other`,
        topicType: 'Microsoft.Resources.ResourceGroups',
      },
      { id: portalTopic, source, topicType: 'microsoft.resources.resourcegroups' },
    ];
    assert.equal(systemTopicOfSource(topics, ids.resourceGroup)?.id, portalTopic);
    assert.equal(systemTopicOfSource(topics.slice(0, 2), ids.resourceGroup), undefined);
  });

  test('leaves the planned resources as they are when the existing topic is the planned one', () => {
    const planned = eventGridResources();
    assert.deepEqual(onSystemTopic(planned, ids.eventGridSystemTopic.toLowerCase()), planned);
  });

  test("moves the environment's subscription under another topic and plans no topic of its own", () => {
    const planned = eventGridResources();
    const moved = onSystemTopic(planned, portalTopic);
    assert.deepEqual(
      moved.map((r) => [r.type, r.id, r.name, r.dependsOn]),
      [
        [
          'Microsoft.EventGrid/systemTopics/eventSubscriptions',
          `${portalTopic}/eventSubscriptions/${spec.names.eventGridSubscription}`,
          spec.names.eventGridSubscription,
          [],
        ],
      ],
    );
    assert.deepEqual(moved[0]?.body, planned[1]?.body, 'same destination and filter');
  });

  test('finds the planned topic by its type, wherever the stage lists it', () => {
    const [topic, subscription] = eventGridResources();
    const moved = onSystemTopic([subscription!, topic!], portalTopic);
    assert.deepEqual(
      moved.map((r) => r.id),
      [`${portalTopic}/eventSubscriptions/${spec.names.eventGridSubscription}`],
    );
  });

  test("keeps the subscription's other dependencies when it moves, dropping only the planned topic", () => {
    const [topic, subscription] = eventGridResources();
    const functionApp = `${ids.resourceGroup}/providers/Microsoft.Web/sites/func-contoso`;
    const dependsOn = [...subscription!.dependsOn, functionApp];
    const moved = onSystemTopic([topic!, { ...subscription!, dependsOn }], portalTopic);
    assert.deepEqual(
      moved.map((r) => r.dependsOn),
      [[functionApp]],
    );
  });

  test("filters on this environment's container groups only", () => {
    const subscription = eventGridResources()[1];
    assert.equal(
      at(subscription?.body, 'properties.filter.subjectBeginsWith'),
      `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-dev-`,
    );
  });
});
