// Collection GETs as Azure answers them: ACI lists its groups without instance views, and every
// list comes in pages of at most 100 joined by nextLink.
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { containerGroup, subnetId, vnetWithSubnets } from './builders.js';
import { fakeCredential, LRO, raw, rgPath, startWithResourceGroup, SUB } from './helpers.js';

const RG = 'rg-lists';
const ACI_API = '2023-05-01';

interface ListAnswer {
  value: { name: string; properties: Record<string, unknown> }[];
  nextLink?: string;
}

describe('collection GETs', () => {
  let emu: EmulatorHandle;
  let aci: ContainerInstanceManagementClient;
  let dns: PrivateDnsManagementClient;

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    aci = new ContainerInstanceManagementClient(fakeCredential, SUB, started.options);
    dns = new PrivateDnsManagementClient(fakeCredential, SUB, started.options);
    await vnetWithSubnets(
      new NetworkManagementClient(fakeCredential, SUB, started.options),
      RG,
      'vnet',
    );
    for (const name of ['ci-a', 'ci-b'])
      await aci.containerGroups.beginCreateOrUpdateAndWait(
        RG,
        name,
        containerGroup(subnetId(RG, 'vnet', 'aci')),
        LRO,
      );
  });
  after(() => emu?.stop());

  test('lists container groups with their IP and provisioning state but no instance view, which a GET shows', async () => {
    const listed = await raw(
      emu,
      'GET',
      `${rgPath(RG)}/providers/Microsoft.ContainerInstance/containerGroups?api-version=${ACI_API}`,
    );
    assert.equal(listed.status, 200);
    const groups = (listed.body as ListAnswer).value;
    assert.deepEqual(groups.map((g) => g.name).sort(), ['ci-a', 'ci-b']);
    for (const group of groups) {
      const properties = group.properties as {
        ipAddress?: { ip?: string };
        provisioningState?: string;
        instanceView?: unknown;
        containers: { properties: { instanceView?: unknown } }[];
        initContainers: { properties: { instanceView?: unknown } }[];
      };
      assert.match(properties.ipAddress?.ip ?? '', /^192\.168\.2\.\d+$/);
      assert.equal(properties.provisioningState, 'Succeeded');
      assert.equal(properties.instanceView, undefined, 'no group instance view in a list');
      for (const c of [...properties.containers, ...properties.initContainers])
        assert.equal(c.properties.instanceView, undefined, 'no container instance view in a list');
    }
    const one = await aci.containerGroups.get(RG, 'ci-a');
    assert.equal(one.instanceView?.state, 'Running');
    assert.equal(one.containers[0]?.instanceView?.currentState?.state, 'Running');
    const viaSdk: string[] = [];
    for await (const g of aci.containerGroups.listByResourceGroup(RG)) {
      assert.equal(g.instanceView, undefined);
      viaSdk.push(g.name ?? '');
    }
    assert.deepEqual(viaSdk.sort(), ['ci-a', 'ci-b']);
  });

  test('answers more than 100 record sets in pages joined by an absolute nextLink with $skipToken', async () => {
    await dns.privateZones.beginCreateOrUpdateAndWait(
      RG,
      'lists.internal',
      { location: 'global' },
      LRO,
    );
    for (let i = 0; i < 101; i++)
      await dns.recordSets.createOrUpdate(RG, 'lists.internal', 'A', `r${i}`, {
        ttl: 60,
        aRecords: [{ ipv4Address: `192.168.5.${i}` }],
      });
    const collection = `${rgPath(RG)}/providers/Microsoft.Network/privateDnsZones/lists.internal/A`;
    const first = (await raw(emu, 'GET', `${collection}?api-version=2020-06-01`))
      .body as ListAnswer;
    assert.equal(first.value.length, 100);
    assert.ok(first.nextLink, 'a nextLink while more remain');
    const next = new URL(first.nextLink);
    assert.equal(next.origin, new URL(emu.armUrl).origin);
    assert.equal(next.pathname, collection);
    assert.equal(next.searchParams.get('api-version'), '2020-06-01');
    assert.equal(next.searchParams.get('$skipToken'), '100');
    const second = (await raw(emu, 'GET', `${next.pathname}${next.search}`)).body as ListAnswer;
    assert.equal(second.value.length, 1);
    assert.equal(second.nextLink, undefined, 'no nextLink on the last page');
    const names = new Set([...first.value, ...second.value].map((r) => r.name));
    assert.equal(names.size, 101);
    let viaSdk = 0;
    for await (const _ of dns.recordSets.listByType(RG, 'lists.internal', 'A')) viaSdk++;
    assert.equal(viaSdk, 101, 'the SDK pager follows nextLink');
  });

  test('refuses a skip token it did not hand out', async () => {
    const res = await raw(
      emu,
      'GET',
      `${rgPath(RG)}/providers/Microsoft.ContainerInstance/containerGroups?api-version=${ACI_API}&$skipToken=abc`,
    );
    assert.equal(res.status, 400);
    assert.equal((res.body as { error: { code: string } }).error.code, 'InvalidSkipToken');
  });
});
