import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { armOptions, fakeCredential, LRO, raw, rgPath, startTestEmulator, SUB } from './helpers.js';

void describe('emulator ARM basics', () => {
  let emu: EmulatorHandle;
  let resources: ResourceManagementClient;
  let network: NetworkManagementClient;

  before(async () => {
    emu = await startTestEmulator();
    resources = new ResourceManagementClient(fakeCredential, SUB, armOptions(emu));
    network = new NetworkManagementClient(fakeCredential, SUB, armOptions(emu));
    await resources.resourceGroups.createOrUpdate('rg-basics', { location: 'West Europe' });
  });
  after(() => emu.stop());

  void test('rejects a request without a bearer token with ARM 401 AuthenticationFailed', async () => {
    const res = await raw(
      emu,
      'GET',
      `${rgPath('rg-basics')}?api-version=2021-04-01`,
      undefined,
      {},
    );
    assert.equal(res.status, 401);
    assert.deepEqual((res.body as { error: { code: string } }).error.code, 'AuthenticationFailed');
    assert.match(String(res.headers['www-authenticate']), /^Bearer /);
  });

  void test('requires the api-version query parameter', async () => {
    const res = await raw(emu, 'GET', rgPath('rg-basics'));
    assert.equal(res.status, 400);
    assert.equal(
      (res.body as { error: { code: string } }).error.code,
      'MissingApiVersionParameter',
    );
  });

  void test('answers ResourceGroupNotFound for a resource in a missing group', async () => {
    await assert.rejects(
      network.virtualNetworks.get('rg-missing', 'vnet'),
      (err: { statusCode: number; code: string }) => {
        assert.equal(err.statusCode, 404);
        assert.equal(err.code, 'ResourceGroupNotFound');
        return true;
      },
    );
  });

  void test('answers ResourceNotFound for a missing resource', async () => {
    await assert.rejects(network.virtualNetworks.get('rg-basics', 'nope'), {
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  void test('rejects a body that is not JSON with InvalidRequestContent', async () => {
    const path = `${rgPath('rg-basics')}/providers/Microsoft.Network/virtualNetworks/v?api-version=2024-05-01`;
    const res = await raw(emu, 'PUT', path, undefined, { authorization: 'Bearer t' });
    assert.equal(res.status, 400);
    assert.equal((res.body as { error: { code: string } }).error.code, 'InvalidRequestContent');
  });

  void test('creates a VNet through a polled long-running operation and embeds its subnets', async () => {
    const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-basics',
      'vnet-1',
      {
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['192.168.0.0/16'] },
        subnets: [{ name: 'aci', addressPrefix: '192.168.2.0/24' }],
      },
      LRO,
    );
    assert.equal(vnet.provisioningState, 'Succeeded');
    assert.equal(vnet.subnets?.[0]?.name, 'aci');
    const subnet = await network.subnets.get('rg-basics', 'vnet-1', 'aci');
    assert.equal(subnet.addressPrefix, '192.168.2.0/24');
    const polls = (await raw(emu, 'GET', '/_emulator/requests')).body as {
      value: { path: string }[];
    };
    assert.ok(
      polls.value.some((r) => r.path.includes('/operations/')),
      'the SDK polled Azure-AsyncOperation',
    );
  });

  void test('treats resource ids case-insensitively like ARM', async () => {
    const vnet = await network.virtualNetworks.get('RG-BASICS', 'VNET-1');
    assert.equal(vnet.name, 'vnet-1');
  });

  void test('refuses a write whose If-Match etag is stale with 412 PreconditionFailed', async () => {
    const path = `${rgPath('rg-basics')}/providers/Microsoft.Network/virtualNetworks/vnet-1?api-version=2024-05-01`;
    const body = {
      location: 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: ['192.168.0.0/16'] },
        subnets: [{ name: 'aci', properties: { addressPrefix: '192.168.2.0/24' } }],
      },
    };
    const stale = await raw(
      emu,
      'PATCH',
      path,
      { tags: { a: '1' } },
      { authorization: 'Bearer t', 'if-match': 'W/"stale"' },
    );
    assert.equal(stale.status, 412);
    assert.equal((stale.body as { error: { code: string } }).error.code, 'PreconditionFailed');
    const current = await network.virtualNetworks.get('rg-basics', 'vnet-1');
    const ok = await raw(emu, 'PUT', path, body, {
      authorization: 'Bearer t',
      'if-match': current.etag ?? '',
    });
    assert.equal(ok.status, 200);
  });

  void test('lists resources of a type in a group and deletes them with a polled operation', async () => {
    const list: string[] = [];
    for await (const v of network.virtualNetworks.list('rg-basics')) list.push(v.name ?? '');
    assert.deepEqual(list, ['vnet-1']);
    await network.virtualNetworks.beginDeleteAndWait('rg-basics', 'vnet-1', LRO);
    await assert.rejects(network.virtualNetworks.get('rg-basics', 'vnet-1'), { statusCode: 404 });
  });

  void test('answers ParentResourceNotFound for a child of a missing parent', async () => {
    await assert.rejects(
      network.subnets.beginCreateOrUpdateAndWait(
        'rg-basics',
        'ghost',
        's',
        { addressPrefix: '10.0.0.0/24' },
        LRO,
      ),
      { statusCode: 404, code: 'ParentResourceNotFound' },
    );
  });
});
