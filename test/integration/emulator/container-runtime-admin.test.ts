// The admin routes a local container runtime (local/runtime) uses: the records it follows, and
// the real exits of run-once containers, which end the group as ACI would.
import type { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroups } from '../../../local/emulator/providers/container-instance/container-groups.js';
import { RUN_MS } from '../../../local/emulator/providers/container-instance/run-once.js';
import { startWithContainerSubnet, subnetId } from './builders.js';
import { drive, LRO, raw, SUB } from './helpers.js';

const RG = 'rg-runtime';
const groupId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerInstance/containerGroups/${name}`;

function task(containers: string[]) {
  return {
    location: 'westeurope',
    osType: 'Linux',
    restartPolicy: 'Never',
    subnetIds: [{ id: subnetId(RG, 'vnet', 'aci') }],
    containers: containers.map((name) => ({
      name,
      image: `registry/${name}:1`,
      resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
    })),
  };
}

void describe('emulator admin routes for a local container runtime', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;
  const exit = (name: string, container: string, exitCode: number, log: string) =>
    raw(emu, 'POST', '/_emulator/container-instance/exits', {
      containerGroupId: groupId(name),
      container,
      exitCode,
      log,
    });

  before(async () => {
    ({ emu, aci } = await startWithContainerSubnet(clock, RG, { externalContainerRuntime: true }));
  });
  after(async () => {
    await emu.stop();
  });

  void test('lists the records of the types asked for, and refuses a malformed type', async () => {
    await drive(
      clock,
      aci.containerGroups.beginCreateOrUpdateAndWait(RG, 'listed', task(['a']), LRO),
    );
    const answer = await raw(
      emu,
      'GET',
      '/_emulator/resources?type=Microsoft.ContainerInstance/containerGroups,Microsoft.Network/virtualNetworks',
    );
    assert.equal(answer.status, 200);
    const types = (answer.body as { value: { type: string; name: string }[] }).value.map(
      (r) => `${r.type} ${r.name}`,
    );
    assert.ok(types.includes('Microsoft.ContainerInstance/containerGroups listed'));
    assert.ok(types.includes('Microsoft.Network/virtualNetworks vnet'));
    assert.ok(types.every((t) => !t.startsWith('Microsoft.Network/virtualNetworks/subnets')));
    const bad = await raw(emu, 'GET', '/_emulator/resources?type=../../etc');
    assert.equal(bad.status, 400);
  });

  void test('no timer ends the run: the group ends once every container reported its exit', async () => {
    const poller = await aci.containerGroups.beginCreateOrUpdate(
      RG,
      'task',
      task(['migrate', 'side']),
      LRO,
    );
    clock.advance(containerGroups.latency.createMs);
    await poller.pollUntilDone();
    clock.advance(RUN_MS * 10);
    assert.equal((await aci.containerGroups.get(RG, 'task')).instanceView?.state, 'Running');

    assert.equal((await exit('task', 'migrate', 3, 'migrate: boom\n')).status, 204);
    assert.equal((await aci.containerGroups.get(RG, 'task')).instanceView?.state, 'Running');
    assert.equal((await exit('task', 'side', 0, 'ok\n')).status, 204);

    const done = await aci.containerGroups.get(RG, 'task');
    assert.equal(done.instanceView?.state, 'Failed');
    assert.equal(done.containers[0]?.instanceView?.currentState?.exitCode, 3);
    assert.equal(done.containers[1]?.instanceView?.currentState?.exitCode, 0);
    const logs = await aci.containers.listLogs(RG, 'task', 'migrate');
    assert.equal(logs.content, 'migrate: boom\n');
  });

  void test('refuses the exit of a container that does not run, of an unknown group, or a bad body', async () => {
    assert.equal((await exit('task', 'migrate', 0, '')).status, 409);
    assert.equal((await exit('nope', 'migrate', 0, '')).status, 404);
    const bad = await raw(emu, 'POST', '/_emulator/container-instance/exits', { container: 'x' });
    assert.equal(bad.status, 400);
  });
});
