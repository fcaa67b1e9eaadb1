// Deleting a container group, as Azure does it: a long-running operation (ContainerGroups_Delete,
// 202 with Location) during which the group is Deleting, still holds its subnet address and
// refuses other operations (409 ContainerGroupTransitioning), and serves no more; the address is
// free once the operation ends.
import type { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { latencyOf } from '../../../local/emulator/arm/latencies.js';
import type { BackendHealthSample } from '../../../local/emulator/providers/network/backend-health-timeline.js';
import { containerGroup, startWithContainerSubnet, subnetId } from './builders.js';
import { gateway } from './gateway-builders.js';
import { armOptions, drive, fakeCredential, LRO, raw, rgPath, SUB } from './helpers.js';

const RG = 'rg-aci-delete';
const API = 'api-version=2023-05-01';
const DELETE_MS = latencyOf('Microsoft.ContainerInstance/containerGroups').deleteMs;
const groupPath = (name: string) =>
  `${rgPath(RG)}/providers/Microsoft.ContainerInstance/containerGroups/${name}?${API}`;

interface GroupView {
  properties: { provisioningState?: string; ipAddress?: { ip?: string } };
}

void describe('emulator container groups: a delete is a long-running operation', () => {
  const clock = manualClock();
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;
  const aciSubnet = subnetId(RG, 'vnet', 'aci');

  before(async () => {
    ({ emu, aci } = await startWithContainerSubnet(clock, RG));
  });
  after(() => emu.stop());

  const create = (name: string) =>
    drive(
      clock,
      aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        name,
        containerGroup(aciSubnet, name),
        LRO,
      ),
    );
  const read = async (name: string) => {
    const answer = await raw(emu, 'GET', groupPath(name));
    return { status: answer.status, group: answer.body as GroupView };
  };
  const appPoolSamples = async () => {
    const answer = await raw(
      emu,
      'GET',
      '/_emulator/network/application-gateways/backend-health-timeline',
    );
    return (answer.body as { value: BackendHealthSample[] }).value.filter((s) => s.pool === 'pool');
  };

  void test('answers 202 with Location, shows the group Deleting on its IP, refuses other operations, and frees the IP at the end', async () => {
    const doomed = await create('cg-doomed');
    const kept = await create('cg-kept');
    const ip = doomed.ipAddress?.ip ?? '';
    assert.ok(ip, 'the group has a private IP');
    const network = new NetworkManagementClient(fakeCredential, SUB, armOptions(emu));
    await drive(
      clock,
      network.applicationGateways.beginCreateOrUpdateAndWait(
        RG,
        'gw',
        gateway(RG, 'gw', [ip, kept.ipAddress?.ip ?? '']),
        LRO,
      ),
    );
    const start = (await appPoolSamples()).at(-1);
    assert.equal(start?.backends, 2);
    assert.equal(start.healthy, 2, 'both backends healthy before the delete');

    const deleting = await raw(emu, 'DELETE', groupPath('cg-doomed'));
    assert.equal(deleting.status, 202);
    assert.ok(deleting.headers.location, 'a Location to poll ("final-state-via": "location")');
    assert.ok(deleting.headers['azure-asyncoperation']);

    const during = await read('cg-doomed');
    assert.equal(during.status, 200);
    assert.equal(during.group.properties.provisioningState, 'Deleting');
    assert.equal(
      during.group.properties.ipAddress?.ip,
      ip,
      'the group holds its address meanwhile',
    );
    const sample = (await appPoolSamples()).at(-1);
    assert.equal(sample?.healthy, 1, `a dying group serves no more: ${JSON.stringify(sample)}`);
    assert.equal(sample?.cause, 'DELETE cg-doomed accepted');

    for (const [method, path] of [
      ['DELETE', groupPath('cg-doomed')],
      ['POST', groupPath('cg-doomed').replace('?', '/restart?')],
      ['POST', groupPath('cg-doomed').replace('?', '/stop?')],
    ] as const) {
      const refused = await raw(emu, method, path);
      assert.equal(refused.status, 409, `${method} ${path}`);
      assert.deepEqual((refused.body as { error: { code: string; message: string } }).error, {
        code: 'ContainerGroupTransitioning',
        message: "The container group 'cg-doomed' is still transitioning, please retry later.",
      });
    }
    await assert.rejects(
      aci.containerGroups.beginCreateOrUpdate(RG, 'cg-doomed', containerGroup(aciSubnet), LRO),
      { statusCode: 409, code: 'ContainerGroupTransitioning' },
    );

    // A group created meanwhile cannot get the address the dying group still holds.
    await aci.containerGroups.beginCreateOrUpdate(
      RG,
      'cg-meanwhile',
      containerGroup(aciSubnet),
      LRO,
    );
    const meanwhile = await read('cg-meanwhile');
    assert.notEqual(meanwhile.group.properties.ipAddress?.ip, ip);

    clock.advance(DELETE_MS);
    const location = new URL(String(deleting.headers.location));
    const status = await raw(emu, 'GET', location.pathname + location.search);
    assert.ok([200, 204].includes(status.status), `the operation ended: ${status.status}`);
    assert.equal((await read('cg-doomed')).status, 404);
    const next = await create('cg-next');
    assert.equal(next.ipAddress?.ip, ip, 'the address is free again once the delete ended');
  });
});
