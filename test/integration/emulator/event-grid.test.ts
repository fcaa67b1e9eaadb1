import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { EventGridManagementClient } from '@azure/arm-eventgrid';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroup, subnetId, vnetWithSubnets } from './builders.js';
import { armOptions, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';

const RG = 'rg-events';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const CG_PREFIX = `${RG_ID}/providers/Microsoft.ContainerInstance/containerGroups`;

void describe('emulator Event Grid delivery', () => {
  let emu: EmulatorHandle;
  let hook: TestWebhook;
  let eventGrid: EventGridManagementClient;
  let aci: ContainerInstanceManagementClient;
  let network: NetworkManagementClient;

  const subscribe = (name: string, url: string) =>
    eventGrid.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(
      RG,
      'rg-topic',
      name,
      {
        destination: { endpointType: 'WebHook', endpointUrl: url },
        filter: {
          includedEventTypes: [
            'Microsoft.Resources.ResourceWriteSuccess',
            'Microsoft.Resources.ResourceDeleteSuccess',
            'Microsoft.Resources.ResourceActionSuccess',
          ],
          subjectBeginsWith: CG_PREFIX,
        },
        retryPolicy: { maxDeliveryAttempts: 5 },
      },
      LRO,
    );

  before(async () => {
    emu = await startTestEmulator();
    hook = await startWebhook();
    const options = armOptions(emu);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    eventGrid = new EventGridManagementClient(fakeCredential, SUB, options);
    aci = new ContainerInstanceManagementClient(fakeCredential, SUB, options);
    network = new NetworkManagementClient(fakeCredential, SUB, options);
    await eventGrid.systemTopics.beginCreateOrUpdateAndWait(
      RG,
      'rg-topic',
      { location: 'global', source: RG_ID, topicType: 'Microsoft.Resources.ResourceGroups' },
      LRO,
    );
    await subscribe('reconciler', hook.url);
    await vnetWithSubnets(network, RG, 'vnet');
  });
  after(async () => {
    await emu.stop();
    await hook.close();
  });

  void test('refuses a webhook that is not on loopback', async () => {
    await assert.rejects(subscribe('outside', 'https://example.com/hook'), {
      statusCode: 400,
      code: 'InvalidRequest',
    });
  });

  void test('fails the subscription when the webhook answers the handshake wrongly', async () => {
    hook.answerValidationWith('wrong');
    await assert.rejects(subscribe('bad-handshake', hook.url), /validation handshake failed/i);
    hook.answerValidationWith(undefined);
  });

  void test('delivers ResourceWriteSuccess for a new container group and filters out other subjects', async () => {
    await aci.containerGroups.beginCreateOrUpdateAndWait(
      RG,
      'cg-1',
      containerGroup(subnetId(RG, 'vnet', 'aci')),
      LRO,
    );
    const event = await hook.waitFor(
      (e) =>
        e.eventType === 'Microsoft.Resources.ResourceWriteSuccess' && e.subject.endsWith('/cg-1'),
    );
    assert.equal(event.data.operationName, 'Microsoft.ContainerInstance/containerGroups/write');
    assert.deepEqual([event.data.status, event.data.subscriptionId], ['Succeeded', SUB]);
    assert.ok(
      hook.events.every((e) => e.subject.startsWith(CG_PREFIX)),
      'VNet writes are filtered out',
    );
  });

  void test('delivers ResourceActionSuccess for a restart', async () => {
    await aci.containerGroups.beginRestartAndWait(RG, 'cg-1', LRO);
    const event = await hook.waitFor(
      (e) => e.eventType === 'Microsoft.Resources.ResourceActionSuccess',
    );
    assert.equal(
      event.data.operationName,
      'Microsoft.ContainerInstance/containerGroups/restart/action',
    );
  });

  void test('raises no event for a platform-initiated restart', async () => {
    const before = hook.events.length;
    await raw(emu, 'POST', '/_emulator/platform/restart', {
      containerGroupId: `${CG_PREFIX}/cg-1`,
    });
    await aci.containerGroups.beginDeleteAndWait(RG, 'cg-1', LRO);
    const deleted = await hook.waitFor(
      (e) => e.eventType === 'Microsoft.Resources.ResourceDeleteSuccess',
    );
    assert.equal(
      hook.events.indexOf(deleted),
      before,
      'the delete is the next event after the platform restart',
    );
  });

  void test('retries a failed delivery with backoff until the webhook accepts it', async () => {
    hook.failNext(2);
    await aci.containerGroups.beginCreateOrUpdateAndWait(
      RG,
      'cg-2',
      containerGroup(subnetId(RG, 'vnet', 'aci')),
      LRO,
    );
    const event = await hook.waitFor((e) => e.subject.endsWith('/cg-2'));
    assert.equal(event.deliveryCount, '2');
    const state = (await raw(emu, 'GET', '/_emulator/state')).body as {
      deliveries: { subject: string; status: number | string }[];
    };
    assert.deepEqual(
      state.deliveries.filter((d) => d.subject.endsWith('/cg-2')).map((d) => d.status),
      [500, 500, 200],
    );
  });

  void test('delivers to an event subscription scoped directly to the resource group', async () => {
    const direct = await startWebhook();
    try {
      await eventGrid.eventSubscriptions.beginCreateOrUpdateAndWait(
        RG_ID,
        'direct',
        {
          destination: { endpointType: 'WebHook', endpointUrl: direct.url },
          filter: { subjectEndsWith: '/cg-3' },
        },
        LRO,
      );
      await aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        'cg-3',
        containerGroup(subnetId(RG, 'vnet', 'aci')),
        LRO,
      );
      const event = await direct.waitFor((e) => e.subject.endsWith('/cg-3'));
      assert.equal(event.eventType, 'Microsoft.Resources.ResourceWriteSuccess');
      assert.equal(direct.events.length, 1, 'subjectEndsWith filtered out everything else');
    } finally {
      await direct.close();
    }
  });
});
