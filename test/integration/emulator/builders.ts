// Small builders for request bodies used across the emulator tests.
import type { ContainerGroup } from '@azure/arm-containerinstance';
import type { NetworkManagementClient } from '@azure/arm-network';
import { LRO, SUB } from './helpers.js';

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
