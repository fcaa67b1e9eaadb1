import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { until } from '../../support/eventually.js';
import { containerGroup, subnetId, vnetWithSubnets } from './builders.js';
import { armOptions, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-aci';

void describe('emulator container groups', () => {
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;
  let network: NetworkManagementClient;
  const aciSubnet = subnetId(RG, 'vnet', 'aci');

  before(async () => {
    emu = await startTestEmulator();
    const options = armOptions(emu);
    aci = new ContainerInstanceManagementClient(fakeCredential, SUB, options);
    network = new NetworkManagementClient(fakeCredential, SUB, options);
    await new ResourceManagementClient(fakeCredential, SUB, options).resourceGroups.createOrUpdate(
      RG,
      { location: 'westeurope' },
    );
    await vnetWithSubnets(network, RG, 'vnet');
  });
  after(() => emu.stop());

  void test('gives a group the first usable private IP of its delegated subnet', async () => {
    const group = await aci.containerGroups.beginCreateOrUpdateAndWait(
      RG,
      'cg-1',
      containerGroup(aciSubnet),
      LRO,
    );
    assert.equal(group.provisioningState, 'Succeeded');
    assert.equal(group.ipAddress?.ip, '192.168.2.4', 'Azure reserves .0-.3');
    assert.equal(group.instanceView?.state, 'Running');
  });

  void test('reports init containers terminated and containers running', async () => {
    const group = await aci.containerGroups.get(RG, 'cg-1');
    assert.equal(group.initContainers?.[0]?.instanceView?.currentState?.state, 'Terminated');
    assert.equal(group.initContainers?.[0]?.instanceView?.currentState?.exitCode, 0);
    assert.deepEqual(
      group.containers.map((c) => c.instanceView?.currentState?.state),
      ['Running', 'Running'],
    );
  });

  void test('refuses a subnet without the ACI delegation with SubnetMissingRequiredDelegation', async () => {
    await assert.rejects(
      aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        'cg-bad',
        containerGroup(subnetId(RG, 'vnet', 'plain')),
        LRO,
      ),
      (err: { code: string; message: string }) => {
        assert.equal(err.code, 'SubnetMissingRequiredDelegation');
        assert.match(err.message, /Microsoft\.ContainerInstance/);
        return true;
      },
    );
  });

  void test('refuses a subnet that does not exist', async () => {
    await assert.rejects(
      aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        'cg-bad',
        containerGroup(subnetId(RG, 'vnet', 'nope')),
        LRO,
      ),
      { code: 'SubnetNotFound' },
    );
  });

  void test('moves a restarted group to a new IP and counts the restart', async () => {
    const before = await aci.containerGroups.get(RG, 'cg-1');
    await aci.containerGroups.beginRestartAndWait(RG, 'cg-1', LRO);
    // The operation completes before the containers run again (restart.ts).
    await until(
      async () => (await aci.containerGroups.get(RG, 'cg-1')).instanceView?.state === 'Running',
    );
    const after = await aci.containerGroups.get(RG, 'cg-1');
    assert.notEqual(after.ipAddress?.ip, before.ipAddress?.ip);
    assert.equal(after.containers[0]?.instanceView?.restartCount, 1);
  });

  void test('frees the IP when a group is stopped and allocates one again on start', async () => {
    await aci.containerGroups.stop(RG, 'cg-1');
    const stopped = await aci.containerGroups.get(RG, 'cg-1');
    assert.equal(stopped.instanceView?.state, 'Stopped');
    assert.equal(stopped.ipAddress?.ip, undefined);
    await aci.containerGroups.beginStartAndWait(RG, 'cg-1', LRO);
    const started = await aci.containerGroups.get(RG, 'cg-1');
    assert.equal(started.instanceView?.state, 'Running');
    assert.equal(started.ipAddress?.ip, '192.168.2.4');
  });

  void test('frees the IP on delete so the next group can take it', async () => {
    await aci.containerGroups.beginDeleteAndWait(RG, 'cg-1', LRO);
    const next = await aci.containerGroups.beginCreateOrUpdateAndWait(
      RG,
      'cg-2',
      containerGroup(aciSubnet),
      LRO,
    );
    assert.equal(next.ipAddress?.ip, '192.168.2.4');
  });

  void test('fails with SubnetIsFull when the subnet has no free address', async () => {
    const tiny = subnetId(RG, 'vnet', 'tiny');
    // A /29 has 8 addresses; Azure reserves 5, leaving 3.
    for (const n of [1, 2, 3])
      await aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        `tiny-${n}`,
        containerGroup(tiny),
        LRO,
      );
    await assert.rejects(
      aci.containerGroups.beginCreateOrUpdateAndWait(RG, 'tiny-4', containerGroup(tiny), LRO),
      { code: 'SubnetIsFull' },
    );
  });

  void test('gives a group a new IP on a platform restart without an ARM operation', async () => {
    const id = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerInstance/containerGroups/cg-2`;
    const res = await raw(emu, 'POST', '/_emulator/platform/restart', { containerGroupId: id });
    assert.equal(res.status, 200);
    const group = await aci.containerGroups.get(RG, 'cg-2');
    assert.notEqual(group.ipAddress?.ip, '192.168.2.4');
  });

  void test('refuses to delete a subnet that still holds container groups', async () => {
    await assert.rejects(network.subnets.beginDeleteAndWait(RG, 'vnet', 'aci', LRO), {
      code: 'InUseSubnetCannotBeDeleted',
    });
  });

  void test('keeps the IP across a restart when the emulator is told restarts never move groups', async () => {
    const steady = await startTestEmulator({ restartIp: 'never' });
    try {
      const options = armOptions(steady);
      const client = new ContainerInstanceManagementClient(fakeCredential, SUB, options);
      await new ResourceManagementClient(
        fakeCredential,
        SUB,
        options,
      ).resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
      await vnetWithSubnets(new NetworkManagementClient(fakeCredential, SUB, options), RG, 'vnet');
      const created = await client.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        'cg',
        containerGroup(aciSubnet),
        LRO,
      );
      await client.containerGroups.beginRestartAndWait(RG, 'cg', LRO);
      await until(
        async () => (await client.containerGroups.get(RG, 'cg')).instanceView?.state === 'Running',
      );
      const restarted = await client.containerGroups.get(RG, 'cg');
      assert.equal(restarted.ipAddress?.ip, created.ipAddress?.ip);
    } finally {
      await steady.stop();
    }
  });
});
