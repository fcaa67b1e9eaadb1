import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { EventGridManagementClient } from '@azure/arm-eventgrid';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import {
  RESTART_OPERATION_MS,
  RESTART_STARTUP_MS,
} from '../../../local/emulator/providers/container-instance/restart.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';
import { containerGroup, subnetId, vnetWithSubnets } from './builders.js';
import { armOptions, drive, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-restart';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const GROUP_ID = `${RG_ID}/providers/Microsoft.ContainerInstance/containerGroups/cg`;
const RESTART_ACTION = 'Microsoft.ContainerInstance/containerGroups/restart/action';

// Real Azure durations on a manual clock: each step of a restart shows until the test moves time.
void describe('emulator container group restarts', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let hook: TestWebhook;
  let aci: ContainerInstanceManagementClient;

  const group = () => aci.containerGroups.get(RG, 'cg');
  const restartEvents = () =>
    hook.events.filter(
      (e) =>
        e.eventType === 'Microsoft.Resources.ResourceActionSuccess' &&
        e.data.operationName === RESTART_ACTION,
    );

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    hook = await startWebhook();
    const options = armOptions(emu);
    aci = new ContainerInstanceManagementClient(fakeCredential, SUB, options);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    const eventGrid = new EventGridManagementClient(fakeCredential, SUB, options);
    await drive(
      clock,
      eventGrid.systemTopics.beginCreateOrUpdateAndWait(
        RG,
        'topic',
        { location: 'global', source: RG_ID, topicType: 'Microsoft.Resources.ResourceGroups' },
        LRO,
      ),
    );
    await drive(
      clock,
      eventGrid.systemTopicEventSubscriptions.beginCreateOrUpdateAndWait(
        RG,
        'topic',
        'reconciler',
        { destination: { endpointType: 'WebHook', endpointUrl: hook.url } },
        LRO,
      ),
    );
    await drive(
      clock,
      vnetWithSubnets(new NetworkManagementClient(fakeCredential, SUB, options), RG, 'vnet'),
    );
    await drive(
      clock,
      aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        'cg',
        containerGroup(subnetId(RG, 'vnet', 'aci')),
        LRO,
      ),
    );
  });
  after(async () => {
    await emu.stop();
    await hook.close();
  });

  void test('raises the restart event before the group has its new IP, and none when it gets it', async () => {
    const before = await group();
    assert.ok(before.ipAddress?.ip);
    const poller = await aci.containerGroups.beginRestart(RG, 'cg', LRO);

    // At once: Pending, no IP, every container waiting to run.
    const restarting = await group();
    assert.deepEqual(
      [restarting.provisioningState, restarting.instanceView?.state, restarting.ipAddress?.ip],
      ['Pending', 'Pending', undefined],
    );
    assert.deepEqual(
      [...(restarting.initContainers ?? []), ...restarting.containers].map(
        (c) => c.instanceView?.currentState?.state,
      ),
      ['Waiting', 'Waiting', 'Waiting'],
    );
    assert.equal(restartEvents().length, 0, 'no event while the operation runs');

    // The ARM operation completes: the event, while the group still has no IP.
    clock.advance(RESTART_OPERATION_MS);
    await poller.pollUntilDone();
    await hook.waitFor((e) => e.data.operationName === RESTART_ACTION);
    const afterEvent = await group();
    assert.deepEqual(
      [afterEvent.provisioningState, afterEvent.instanceView?.state, afterEvent.ipAddress?.ip],
      ['Succeeded', 'Pending', undefined],
    );

    // A minute after the POST: running, on a new IP, and no further event.
    const delivered = emu.engine.state.deliveryLog.length;
    clock.advance(RESTART_STARTUP_MS - RESTART_OPERATION_MS);
    const running = await group();
    assert.equal(running.instanceView?.state, 'Running');
    assert.ok(running.ipAddress?.ip);
    assert.notEqual(running.ipAddress.ip, before.ipAddress.ip);
    assert.equal(running.containers[0]?.instanceView?.restartCount, 1);
    assert.equal(running.containers[0]?.instanceView?.previousState?.state, 'Terminated');
    assert.deepEqual(
      [emu.engine.state.deliveries.length, emu.engine.state.deliveryLog.length],
      [0, delivered],
      'getting its IP raised no event',
    );
    assert.equal(restartEvents().length, 1);
  });

  void test('answers a start with 204 while a restarted group is still starting', async () => {
    await aci.containerGroups.beginRestart(RG, 'cg', LRO);
    const res = await raw(emu, 'POST', `${GROUP_ID}/start?api-version=2023-05-01`);
    assert.equal(res.status, 204);
    clock.advance(RESTART_STARTUP_MS);
    assert.equal((await group()).instanceView?.state, 'Running');
  });

  void test('a stop during a restart ends it: the group stays stopped and frees every address', async () => {
    await aci.containerGroups.beginRestart(RG, 'cg', LRO);
    await aci.containerGroups.stop(RG, 'cg');
    clock.advance(RESTART_STARTUP_MS);
    const stopped = await group();
    assert.deepEqual([stopped.instanceView?.state, stopped.ipAddress?.ip], ['Stopped', undefined]);
    const owners = [...emu.engine.state.ipAllocations.values()].flatMap((m) => [...m.values()]);
    assert.ok(
      !owners.some((o) => o.toLowerCase() === GROUP_ID.toLowerCase()),
      'no address is still held for the stopped group',
    );
  });
});
