// An update in place restarts the group's containers (container-instances-update.md): the group
// is not Running while its PUT runs, and is Running again once it completes.
import type { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { type ContainerGroup } from '@azure/arm-containerinstance';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroup, startWithContainerSubnet, subnetId } from './builders.js';
import { LRO } from './helpers.js';

const RG = 'rg-aci-update-restart';

void describe('emulator container groups: an update in place restarts them', () => {
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;

  before(async () => {
    // One Azure second is 10 ms here: the 120 s update lasts 1.2 s, long enough to look at.
    ({ emu, aci } = await startWithContainerSubnet(undefined, RG, { timeScale: 0.01 }));
  });
  after(() => emu.stop());

  void test('shows the group Pending, its containers Waiting, until the update completes, then Running on its IP', async () => {
    const group: ContainerGroup = containerGroup(subnetId(RG, 'vnet', 'aci'), 'cg-restart');
    const created = await aci.containerGroups.beginCreateOrUpdateAndWait(
      RG,
      'cg-restart',
      group,
      LRO,
    );
    assert.equal(created.instanceView?.state, 'Running');
    group.containers[1]!.image = 'registry/app:2';
    const poller = await aci.containerGroups.beginCreateOrUpdate(RG, 'cg-restart', group, LRO);
    const during = await aci.containerGroups.get(RG, 'cg-restart');
    assert.equal(during.instanceView?.state, 'Pending');
    assert.ok(
      during.containers.every((c) => c.instanceView?.currentState?.state === 'Waiting'),
      JSON.stringify(during.containers.map((c) => c.instanceView)),
    );
    const updated = await poller.pollUntilDone();
    assert.equal(updated.instanceView?.state, 'Running');
    assert.equal(updated.ipAddress?.ip, created.ipAddress?.ip);
  });
});
