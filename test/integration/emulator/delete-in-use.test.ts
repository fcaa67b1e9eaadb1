// What Azure refuses to delete while something still uses it, so that a teardown has to delete in
// the right order: a VNet with a subnet in use, an NSG or NAT gateway a subnet is associated with,
// a public IP a NAT gateway holds, a private zone a VNet links.
import { ContainerInstanceManagementClient } from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { until } from '../../support/eventually.js';
import { containerGroup, subnetId } from './builders.js';
import { fakeCredential, LRO, raw, startWithResourceGroup, SUB } from './helpers.js';

const RG = 'rg-teardown';
const NET = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;
const API = 'api-version=2025-05-01';
const DNS_API = 'api-version=2020-06-01';

type ErrorBody = { error: { code: string; message: string } };

void describe('emulator refusals to delete what is in use', () => {
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;
  let aci: ContainerInstanceManagementClient;

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    network = new NetworkManagementClient(fakeCredential, SUB, started.options);
    aci = new ContainerInstanceManagementClient(fakeCredential, SUB, started.options);
    const put = (path: string, body: unknown) => raw(emu, 'PUT', `${NET}/${path}?${API}`, body);
    await put('publicIPAddresses/pip-nat', { location: 'westeurope', sku: { name: 'Standard' } });
    await put('natGateways/nat', {
      location: 'westeurope',
      sku: { name: 'Standard' },
      properties: { publicIpAddresses: [{ id: `${NET}/publicIPAddresses/pip-nat` }] },
    });
    await put('networkSecurityGroups/nsg', { location: 'westeurope', properties: {} });
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      {
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['192.168.0.0/16'] },
        subnets: [
          {
            name: 'aci',
            addressPrefix: '192.168.2.0/24',
            delegations: [
              { name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' },
            ],
            natGateway: { id: `${NET}/natGateways/nat` },
            networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg` },
          },
        ],
      },
      LRO,
    );
    await aci.containerGroups.beginCreateOrUpdateAndWait(
      RG,
      'cg',
      containerGroup(subnetId(RG, 'vnet', 'aci')),
      LRO,
    );
    await raw(emu, 'PUT', `${NET}/privateDnsZones/app.internal?${DNS_API}`, {
      location: 'global',
    });
    await raw(
      emu,
      'PUT',
      `${NET}/privateDnsZones/app.internal/virtualNetworkLinks/vnet?${DNS_API}`,
      {
        location: 'global',
        properties: { virtualNetwork: { id: `${NET}/virtualNetworks/vnet` } },
      },
    );
  });
  after(() => emu.stop());

  const refusal = async (path: string) => {
    const answer = await raw(emu, 'DELETE', path);
    return { status: answer.status, error: (answer.body as ErrorBody | undefined)?.error };
  };

  void test('refuses to delete a VNet while a container group is in one of its subnets, naming it', async () => {
    const { status, error } = await refusal(`${NET}/virtualNetworks/vnet?${API}`);
    assert.equal(status, 400);
    assert.equal(error?.code, 'InUseSubnetCannotBeDeleted');
    assert.match(
      error?.message ?? '',
      /^Subnet aci is in use by \/subscriptions\/.+\/containerGroups\/cg and cannot be deleted\. In order to delete the subnet, delete all the resources within the subnet\. See aka\.ms\/deletesubnet\.$/,
    );
  });

  void test("refuses to delete the NSG and the NAT gateway a subnet is associated with, and the NAT gateway's public IP", async () => {
    const nsg = await refusal(`${NET}/networkSecurityGroups/nsg?${API}`);
    assert.equal(nsg.status, 400);
    assert.equal(nsg.error?.code, 'InUseNetworkSecurityGroupCannotBeDeleted');
    assert.match(nsg.error?.message ?? '', /in use by the following resources: .*\/subnets\/aci\./);
    const nat = await refusal(`${NET}/natGateways/nat?${API}`);
    assert.equal(nat.status, 400);
    assert.equal(nat.error?.code, 'InUseNatGatewayCannotBeDeleted');
    const pip = await refusal(`${NET}/publicIPAddresses/pip-nat?${API}`);
    assert.equal(pip.status, 400);
    assert.equal(pip.error?.code, 'PublicIPAddressCannotBeDeleted');
    assert.match(pip.error?.message ?? '', /still allocated to resource .*\/natGateways\/nat\./);
  });

  void test('refuses to delete a private zone a virtual network links, with 409 CannotDeleteResource', async () => {
    const zone = await refusal(`${NET}/privateDnsZones/app.internal?${DNS_API}`);
    assert.equal(zone.status, 409);
    assert.equal(zone.error?.code, 'CannotDeleteResource');
    assert.match(zone.error?.message ?? '', /virtualNetworkLinks\/vnet'/);
    const all = await raw(emu, 'GET', `${NET}/privateDnsZones/app.internal/ALL?${DNS_API}`);
    const listed = (all.body as { value: { type: string }[] }).value.map((r) => r.type);
    assert.deepEqual(listed, ['Microsoft.Network/privateDnsZones/SOA'], 'record sets only');
  });

  void test('deletes each once what uses it is gone, in the reverse order of use', async () => {
    await aci.containerGroups.beginDeleteAndWait(RG, 'cg', LRO);
    for (const path of [
      `privateDnsZones/app.internal/virtualNetworkLinks/vnet?${DNS_API}`,
      `privateDnsZones/app.internal?${DNS_API}`,
      `virtualNetworks/vnet?${API}`,
      `networkSecurityGroups/nsg?${API}`,
      `natGateways/nat?${API}`,
      `publicIPAddresses/pip-nat?${API}`,
    ]) {
      const answer = await raw(emu, 'DELETE', `${NET}/${path}`);
      assert.ok(answer.status < 300, `${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      await until(async () => (await raw(emu, 'GET', `${NET}/${path}`)).status === 404, {
        what: `${path} to be gone`,
      });
    }
  });
});
