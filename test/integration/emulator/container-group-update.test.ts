import type { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { type ContainerGroup } from '@azure/arm-containerinstance';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroup, startWithContainerSubnet, subnetId } from './builders.js';
import { LRO } from './helpers.js';

const RG = 'rg-aci-update';

/** The group as first created, with `change` applied to a copy. */
function changed(change: (group: ContainerGroup) => void, name = 'app'): ContainerGroup {
  const group = containerGroup(subnetId(RG, 'vnet', 'aci'), name);
  change(group);
  return group;
}

const webCpu = (cpu: number) => (group: ContainerGroup) => {
  group.containers[1]!.resources = { requests: { cpu, memoryInGB: 0.5 } };
};

void describe('emulator container groups: what a PUT cannot change in place', () => {
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;

  before(async () => {
    ({ emu, aci } = await startWithContainerSubnet(undefined, RG));
  });
  after(() => emu.stop());

  const put = (name: string, body: ContainerGroup) =>
    aci.containerGroups.beginCreateOrUpdateAndWait(RG, name, body, LRO);

  void test('refuses a new restart policy with InvalidContainerGroupUpdate, naming the old and new values', async () => {
    await put(
      'cg-policy',
      changed((g) => (g.restartPolicy = 'OnFailure')),
    );
    await assert.rejects(
      put(
        'cg-policy',
        changed((g) => (g.restartPolicy = 'Always')),
      ),
      (error: { statusCode?: number; code?: string; message: string }) => {
        assert.equal(error.statusCode, 400);
        assert.equal(error.code, 'InvalidContainerGroupUpdate');
        // Azure's wording (MicrosoftDocs/azure-docs#31168).
        assert.equal(
          error.message,
          `The updates on container group 'cg-policy' are invalid. If you are going to update the RestartPolicy (old "OnFailure", new "Always") for a container group, you must delete it first and then create a new one.`,
        );
        return true;
      },
    );
    assert.equal((await aci.containerGroups.get(RG, 'cg-policy')).restartPolicy, 'OnFailure');
  });

  void test('refuses a container with another CPU and leaves the group running as it was', async () => {
    const created = await put('cg-cpu', changed(webCpu(0.5)));
    await assert.rejects(
      put('cg-cpu', changed(webCpu(1))),
      (error: { code?: string; message: string }) => {
        assert.equal(error.code, 'InvalidContainerGroupUpdate');
        assert.match(error.message, /update the Cpu of container 'app' \(old "0\.5", new "1"\)/);
        return true;
      },
    );
    const now = await aci.containerGroups.get(RG, 'cg-cpu');
    assert.equal(now.containers[1]?.resources.requests.cpu, 0.5);
    assert.equal(now.ipAddress?.ip, created.ipAddress?.ip);
    assert.equal(now.instanceView?.state, 'Running');
  });

  const refused: [string, (group: ContainerGroup) => void][] = [
    ['memory of a container', (g) => (g.containers[0]!.resources.requests.memoryInGB = 1.5)],
    [
      'GPU of a container',
      (g) => (g.containers[0]!.resources.requests.gpu = { count: 1, sku: 'V100' }),
    ],
    ['OS type', (g) => (g.osType = 'Windows')],
    ['subnet (the network profile)', (g) => (g.subnetIds = [{ id: subnetId(RG, 'vnet', 'tiny') }])],
    ['availability zone', (g) => (g.zones = ['2'])],
  ];
  for (const [what, change] of refused) {
    void test(`refuses a change of the ${what}`, async () => {
      const name = `cg-${what.replace(/\W+/g, '-')}`.slice(0, 40).replace(/-$/, '');
      await put(
        name,
        changed(() => undefined),
      );
      await assert.rejects(put(name, changed(change)), { code: 'InvalidContainerGroupUpdate' });
    });
  }

  void test('updates in place what ACI can update: images, variables, and an omitted default restart policy', async () => {
    const created = await put(
      'cg-in-place',
      changed((g) => (g.restartPolicy = 'Always')),
    );
    const updated = await put(
      'cg-in-place',
      changed((g) => {
        g.containers[1]!.image = 'registry/app:2';
        g.containers[1]!.environmentVariables = [{ name: 'MODE', value: 'blue' }];
      }),
    );
    assert.equal(updated.containers[1]?.image, 'registry/app:2');
    assert.equal(updated.ipAddress?.ip, created.ipAddress?.ip, 'an update keeps the IP');
  });

  void test('takes the new CPU once the group is deleted, and the new group comes up on another IP', async () => {
    const before = await aci.containerGroups.get(RG, 'cg-cpu');
    await aci.containerGroups.beginDeleteAndWait(RG, 'cg-cpu', LRO);
    const recreated = await put('cg-cpu', changed(webCpu(1)));
    assert.equal(recreated.containers[1]?.resources.requests.cpu, 1);
    assert.ok(recreated.ipAddress?.ip);
    assert.notEqual(recreated.ipAddress.ip, before.ipAddress?.ip);
  });
});
