import { EventGridManagementClient } from '@azure/arm-eventgrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { armOptions, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-topics';
const OTHER_RG = 'rg-topics-elsewhere';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const TOPIC_API = '2022-06-15';

/** A resource-group system topic body for `source`. */
const topicOf = (source: string) => ({
  location: 'global',
  properties: { source, topicType: 'Microsoft.Resources.ResourceGroups' },
});

const topicPath = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.EventGrid/systemTopics/${name}?api-version=${TOPIC_API}`;

// Azure: "Only one Azure Event Grid system topic is allowed per source" (event-grid/system-topics.md).
void describe('emulator Event Grid system topics: one per source', () => {
  let emu: EmulatorHandle;
  let eventGrid: EventGridManagementClient;

  before(async () => {
    emu = await startTestEmulator();
    const options = armOptions(emu);
    const groups = new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups;
    await groups.createOrUpdate(RG, { location: 'westeurope' });
    await groups.createOrUpdate(OTHER_RG, { location: 'westeurope' });
    eventGrid = new EventGridManagementClient(fakeCredential, SUB, options);
    await eventGrid.systemTopics.beginCreateOrUpdateAndWait(
      RG,
      'portal-made-topic',
      { location: 'global', source: RG_ID, topicType: 'Microsoft.Resources.ResourceGroups' },
      LRO,
    );
  });
  after(() => emu.stop());

  void test("refuses a second topic on the same resource group with Azure's 400 InvalidRequest, whatever the id's casing", async () => {
    const source = `/subscriptions/${SUB}/resourcegroups/${RG.toUpperCase()}`;
    const response = await raw(emu, 'PUT', topicPath(RG, 'evgt-second'), topicOf(source));
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      error: {
        code: 'InvalidRequest',
        message: `There is an existing tracked system topic for the given source ${source}. Only one system topic is allowed per source.`,
      },
    });
    const left = (await raw(emu, 'GET', topicPath(RG, 'evgt-second'))).status;
    assert.equal(left, 404, 'nothing was stored');
  });

  void test('refuses it from another resource group too: the rule is per source, not per group', async () => {
    await assert.rejects(
      eventGrid.systemTopics.beginCreateOrUpdateAndWait(
        OTHER_RG,
        'evgt-elsewhere',
        { location: 'global', source: RG_ID, topicType: 'Microsoft.Resources.ResourceGroups' },
        LRO,
      ),
      { statusCode: 400, code: 'InvalidRequest' },
    );
  });

  void test('accepts a re-PUT of the existing topic, and a topic of another source', async () => {
    const again = await raw(emu, 'PUT', topicPath(RG, 'portal-made-topic'), {
      ...topicOf(RG_ID),
      tags: { owner: 'someone' },
    });
    assert.equal(again.status, 200);
    const other = `/subscriptions/${SUB}/resourceGroups/${OTHER_RG}`;
    const created = await raw(emu, 'PUT', topicPath(OTHER_RG, 'evgt-other'), topicOf(other));
    assert.equal(created.status, 201);
  });

  void test("refuses to change an existing topic's source", async () => {
    const other = `/subscriptions/${SUB}/resourceGroups/${OTHER_RG}-not-yet-used`;
    const response = await raw(emu, 'PUT', topicPath(RG, 'portal-made-topic'), topicOf(other));
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      error: { code: 'InvalidRequest', message: 'System topic source cannot be modified.' },
    });
  });

  void test('accepts a new topic on the source once the old one is deleted', async () => {
    await eventGrid.systemTopics.beginDeleteAndWait(RG, 'portal-made-topic', LRO);
    const created = await eventGrid.systemTopics.beginCreateOrUpdateAndWait(
      RG,
      'evgt-after-delete',
      { location: 'global', source: RG_ID, topicType: 'Microsoft.Resources.ResourceGroups' },
      LRO,
    );
    assert.equal(created.provisioningState, 'Succeeded');
  });
});
