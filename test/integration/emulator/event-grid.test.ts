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

interface EventGridFixture {
  emu: EmulatorHandle;
  hook: TestWebhook;
  eventGrid: EventGridManagementClient;
  aci: ContainerInstanceManagementClient;
  subscribe: (name: string, url: string) => Promise<unknown>;
  stop: () => Promise<void>;
}

/** An emulator with a resource group, its system topic, a webhook subscription and a VNet. */
async function eventGridFixture(timeScale?: number): Promise<EventGridFixture> {
  const emu = await startTestEmulator(timeScale === undefined ? {} : { timeScale });
  const hook = await startWebhook();
  const options = armOptions(emu);
  await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
    RG,
    { location: 'westeurope' },
  );
  const eventGrid = new EventGridManagementClient(fakeCredential, SUB, options);
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
  await eventGrid.systemTopics.beginCreateOrUpdateAndWait(
    RG,
    'rg-topic',
    { location: 'global', source: RG_ID, topicType: 'Microsoft.Resources.ResourceGroups' },
    LRO,
  );
  await subscribe('reconciler', hook.url);
  await vnetWithSubnets(new NetworkManagementClient(fakeCredential, SUB, options), RG, 'vnet');
  return {
    emu,
    hook,
    eventGrid,
    aci: new ContainerInstanceManagementClient(fakeCredential, SUB, options),
    subscribe,
    stop: async () => {
      await emu.stop();
      await hook.close();
    },
  };
}

void describe('emulator Event Grid delivery', () => {
  let fx: EventGridFixture;
  let emu: EmulatorHandle;
  let hook: TestWebhook;
  let eventGrid: EventGridManagementClient;
  let aci: ContainerInstanceManagementClient;
  const subscribe = (name: string, url: string) => fx.subscribe(name, url);

  before(async () => {
    fx = await eventGridFixture();
    ({ emu, hook, eventGrid, aci } = fx);
  });
  after(() => fx.stop());

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

// Event Grid waits 10 s, then 30 s before retrying (scaled here to 200 ms and 600 ms).
void describe('emulator Event Grid retries', () => {
  let fx: EventGridFixture;
  before(async () => {
    fx = await eventGridFixture(0.02);
  });
  after(() => fx.stop());

  void test('retries a failed delivery with backoff until the webhook accepts it', async () => {
    const { hook, aci, emu } = fx;
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
    const times = hook.attempts
      .filter((a) => a.subjects.some((s) => s.endsWith('/cg-2')))
      .map((a) => a.at);
    assert.equal(times.length, 3);
    assert.ok(times[1]! - times[0]! >= 200, `first retry after ${times[1]! - times[0]!} ms`);
    assert.ok(times[2]! - times[1]! >= 600, `second retry after ${times[2]! - times[1]!} ms`);
  });
});
