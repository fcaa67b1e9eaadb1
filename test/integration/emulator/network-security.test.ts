// Network security groups, the NSG an Application Gateway v2 subnet needs, and the service endpoint
// a Key Vault firewall rule needs: the emulator refuses what Azure refuses.
import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { NetworkManagementClient, type SecurityRule } from '@azure/arm-network';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { subnetId } from './builders.js';
import { gateway } from './gateway-builders.js';
import { fakeCredential, LRO, startWithResourceGroup, SUB } from './helpers.js';

const RG = 'rg-nsg';

const nsgId = (name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/networkSecurityGroups/${name}`;

function inbound(name: string, priority: number, extra: Partial<SecurityRule> = {}): SecurityRule {
  return {
    name,
    priority,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourceAddressPrefix: 'Internet',
    sourcePortRange: '*',
    destinationAddressPrefix: '*',
    destinationPortRange: '443',
    ...extra,
  };
}

const gatewayManager = inbound('AllowGatewayManager', 100, {
  sourceAddressPrefix: 'GatewayManager',
  destinationPortRange: '65200-65535',
});
const denyAll = inbound('DenyAllInbound', 4096, {
  access: 'Deny',
  protocol: '*',
  sourceAddressPrefix: '*',
  destinationPortRange: '*',
});

void describe('emulator network security', () => {
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;
  let vaults: KeyVaultManagementClient['vaults'];

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    network = new NetworkManagementClient(fakeCredential, SUB, started.options);
    vaults = new KeyVaultManagementClient(fakeCredential, SUB, started.options).vaults;
  });
  after(() => emu.stop());

  const putNsg = (name: string, securityRules: SecurityRule[]) =>
    network.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RG,
      name,
      { location: 'westeurope', securityRules },
      LRO,
    );

  /** A VNet whose `gw` subnet carries the NSG, and optionally a `kv` subnet with endpoints. */
  const putVnet = (nsg: string | undefined, endpoints: string[] = []) =>
    network.virtualNetworks.beginCreateOrUpdateAndWait(
      RG,
      'vnet',
      {
        location: 'westeurope',
        addressSpace: { addressPrefixes: ['192.168.0.0/16'] },
        subnets: [
          {
            name: 'gw',
            addressPrefix: '192.168.0.0/24',
            ...(nsg ? { networkSecurityGroup: { id: nsgId(nsg) } } : {}),
          },
          {
            name: 'kv',
            addressPrefix: '192.168.1.0/24',
            serviceEndpoints: endpoints.map((service) => ({ service })),
          },
        ],
      },
      LRO,
    );

  // "Priority: A number between 100 and 4096" (network-security-groups-overview.md).
  void test('refuses a rule priority outside 100-4096', async () => {
    for (const priority of [99, 4097]) {
      await assert.rejects(putNsg('nsg-bad', [inbound('web', priority)]), {
        statusCode: 400,
        code: 'SecurityRuleInvalidPriority',
        message: `Security rule has invalid Priority. Value provided: ${priority} Allowed range 100-4096.`,
      });
    }
  });

  void test('refuses two rules of one direction with one priority, but not across directions', async () => {
    await assert.rejects(putNsg('nsg-bad', [inbound('a', 200), inbound('b', 200)]), {
      statusCode: 400,
      code: 'SecurityRuleConflict',
      message:
        'Security rule a conflicts with rule b. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.',
    });
    const created = await putNsg('nsg-both', [
      inbound('in', 200),
      inbound('out', 200, { direction: 'Outbound' }),
    ]);
    assert.deepEqual(
      created.securityRules?.map((r) => [r.name, r.id, r.provisioningState]),
      [
        ['in', `${nsgId('nsg-both')}/securityRules/in`, 'Succeeded'],
        ['out', `${nsgId('nsg-both')}/securityRules/out`, 'Succeeded'],
      ],
    );
    assert.deepEqual(
      created.defaultSecurityRules?.map((r) => [r.name, r.priority, r.direction, r.access]),
      [
        ['AllowVnetInBound', 65000, 'Inbound', 'Allow'],
        ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow'],
        ['DenyAllInBound', 65500, 'Inbound', 'Deny'],
        ['AllowVnetOutBound', 65000, 'Outbound', 'Allow'],
        ['AllowInternetOutBound', 65001, 'Outbound', 'Allow'],
        ['DenyAllOutBound', 65500, 'Outbound', 'Deny'],
      ],
    );
  });

  // configuration-infrastructure.md: GatewayManager on 65200-65535 must be allowed for v2.
  void test('refuses a v2 gateway whose subnet NSG does not allow GatewayManager on 65200-65535', async () => {
    await putNsg('nsg-gw', [inbound('AllowHttps', 100), denyAll]);
    await putVnet('nsg-gw');
    const subnet = subnetId(RG, 'vnet', 'gw');
    const gw = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/applicationGateways/gw`;
    await assert.rejects(
      network.applicationGateways.beginCreateOrUpdate(RG, 'gw', gateway(RG, 'gw', []), LRO),
      {
        statusCode: 400,
        code: 'ApplicationGatewaySubnetInboundTrafficBlockedByNetworkSecurityGroup',
        message: `Network security group ${nsgId('nsg-gw')} blocks incoming internet traffic on ports 65200 - 65535 to subnet ${subnet}, associated with Application Gateway ${gw}. This is not permitted for Application Gateways that have V2 Sku.`,
      },
    );
    // Without the deny-all, Azure's own DenyAllInBound (65500) blocks the ports all the same.
    await putNsg('nsg-gw', [inbound('AllowHttps', 100)]);
    await assert.rejects(
      network.applicationGateways.beginCreateOrUpdate(RG, 'gw', gateway(RG, 'gw', []), LRO),
      { code: 'ApplicationGatewaySubnetInboundTrafficBlockedByNetworkSecurityGroup' },
    );
  });

  void test('refuses a v2 gateway whose subnet NSG denies outbound Internet traffic', async () => {
    await putNsg('nsg-gw', [
      gatewayManager,
      inbound('DenyInternetOut', 200, {
        direction: 'Outbound',
        access: 'Deny',
        sourceAddressPrefix: '*',
        destinationAddressPrefix: 'Internet',
        destinationPortRange: '*',
      }),
    ]);
    await putVnet('nsg-gw');
    await assert.rejects(
      network.applicationGateways.beginCreateOrUpdate(RG, 'gw', gateway(RG, 'gw', []), LRO),
      {
        statusCode: 400,
        code: 'ApplicationGatewaySubnetOutboundTrafficBlockedByNetworkSecurityGroup',
      },
    );
  });

  void test('accepts a v2 gateway whose NSG allows GatewayManager before its deny-all', async () => {
    await putNsg('nsg-gw', [gatewayManager, inbound('AllowHttps', 120), denyAll]);
    await putVnet('nsg-gw');
    const poller = await network.applicationGateways.beginCreateOrUpdate(
      RG,
      'gw',
      gateway(RG, 'gw', []),
      LRO,
    );
    const done = await poller.pollUntilDone();
    assert.equal(done.provisioningState, 'Succeeded');
  });

  // Azure/avdaccelerator#818: 400 SubnetsHaveNoServiceEndpointsConfigured.
  void test('refuses a vault firewall rule for a subnet without the Microsoft.KeyVault endpoint', async () => {
    await putVnet(undefined, []);
    const subnet = subnetId(RG, 'vnet', 'kv');
    const body = (ignore?: boolean) => ({
      location: 'westeurope',
      properties: {
        tenantId: emu.tenantId,
        sku: { family: 'A' as const, name: 'standard' as const },
        networkAcls: {
          defaultAction: 'Deny' as const,
          virtualNetworkRules: [
            { id: subnet, ...(ignore ? { ignoreMissingVnetServiceEndpoint: true } : {}) },
          ],
        },
      },
    });
    await assert.rejects(vaults.beginCreateOrUpdateAndWait(RG, 'kv-nsg-a', body(), LRO), {
      statusCode: 400,
      code: 'SubnetsHaveNoServiceEndpointsConfigured',
      message: `Subnets kv of virtual network /subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/vnet do not have ServiceEndpoints for Microsoft.KeyVault resources configured. Add Microsoft.KeyVault to subnet's ServiceEndpoints collection before trying to ACL Microsoft.KeyVault resources to these subnets.`,
    });
    const ignored = await vaults.beginCreateOrUpdateAndWait(RG, 'kv-nsg-b', body(true), LRO);
    assert.equal(ignored.properties.provisioningState, 'Succeeded');
    await putVnet(undefined, ['Microsoft.KeyVault']);
    const allowed = await vaults.beginCreateOrUpdateAndWait(RG, 'kv-nsg-a', body(), LRO);
    assert.equal(allowed.properties.networkAcls?.defaultAction, 'Deny');
  });
});
