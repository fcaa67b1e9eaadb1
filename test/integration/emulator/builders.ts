// Small builders for request bodies used across the emulator tests.
import {
  ContainerInstanceManagementClient,
  type ContainerGroup,
} from '@azure/arm-containerinstance';
import { NetworkManagementClient } from '@azure/arm-network';
import type {
  EmulatorHandle,
  EmulatorOptions,
  manualClock,
} from '../../../local/emulator/index.js';
import { drive, fakeCredential, LRO, startWithResourceGroup, SUB } from './helpers.js';

export const subnetId = (rg: string, vnet: string, subnet: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;

export async function vnetWithSubnets(network: NetworkManagementClient, rg: string, vnet: string) {
  await network.virtualNetworks.beginCreateOrUpdateAndWait(
    rg,
    vnet,
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
        },
        { name: 'plain', addressPrefix: '192.168.3.0/24' },
        {
          name: 'tiny',
          addressPrefix: '192.168.4.0/29',
          delegations: [
            { name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' },
          ],
        },
      ],
    },
    LRO,
  );
}

export function containerGroup(subnet: string, name = 'app'): ContainerGroup {
  return {
    location: 'westeurope',
    osType: 'Linux',
    subnetIds: [{ id: subnet }],
    ipAddress: { type: 'Private', ports: [{ port: 443, protocol: 'TCP' }] },
    initContainers: [{ name: 'init', image: 'registry/init:1' }],
    containers: [
      {
        name: 'sidecar',
        image: 'nginx:1',
        resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
        ports: [{ port: 443 }],
      },
      {
        name: name,
        image: `registry/${name}:1`,
        resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
      },
    ],
  };
}

/**
 * An emulator holding `resourceGroup` with the VNet `vnet` and its ACI-delegated subnet: where
 * container-group tests create their groups. On a manual clock (Azure's durations, advanced by
 * the test) or, without one, on real time at the emulator's time scale.
 */
export async function startWithContainerSubnet(
  clock: ReturnType<typeof manualClock> | undefined,
  resourceGroup: string,
  emulator: EmulatorOptions = {},
): Promise<{ emu: EmulatorHandle; aci: ContainerInstanceManagementClient }> {
  const { emu, options } = await startWithResourceGroup(
    resourceGroup,
    clock ? { clock, timeScale: 1, ...emulator } : emulator,
  );
  const network = new NetworkManagementClient(fakeCredential, SUB, options);
  const created = vnetWithSubnets(network, resourceGroup, 'vnet');
  await (clock ? drive(clock, created) : created);
  return { emu, aci: new ContainerInstanceManagementClient(fakeCredential, SUB, options) };
}
