// Network RP answers shaped on the 2024-07-01 examples, without sockets (arm/arm-shape-network.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { armShaped } from '../../../local/emulator/arm/arm-shape.js';
import { createContext } from '../../../local/emulator/core/context.js';
import { emptyState } from '../../../local/emulator/core/state.js';
import { manualClock } from '../../../local/emulator/index.js';

const ctx = createContext(emptyState(), manualClock(), {
  timeScale: 1,
  restartIp: 'always',
  tenantId: 't',
  armOrigin: 'https://127.0.0.1:1',
  vaultOrigin: () => 'https://127.0.0.1:2',
});

const rg = '/subscriptions/s/resourceGroups/rg';
type Json = Record<string, unknown>;

describe('Network RP answers', () => {
  test('a gateway never answers certificate data or its password, and lists what was left out as empty', () => {
    const id = `${rg}/providers/Microsoft.Network/applicationGateways/agw`;
    const shaped = armShaped(ctx, {
      id,
      name: 'agw',
      type: 'Microsoft.Network/applicationGateways',
      properties: {
        sslCertificates: [{ name: 'pfx', properties: { data: 'UEZY', password: 'pfx-secret' } }],
        frontendIPConfigurations: [{ name: 'public', properties: {} }],
      },
    });
    const p = shaped.properties as Json & {
      sslCertificates: { properties: Json }[];
      frontendIPConfigurations: { properties: Json }[];
    };
    assert.deepEqual(p.sslCertificates[0]!.properties, {});
    assert.equal(p.frontendIPConfigurations[0]!.properties.privateIPAllocationMethod, 'Dynamic');
    assert.deepEqual(p.probes, []);
    assert.deepEqual(p.urlPathMaps, []);
  });

  test('a private endpoint names its connections and answers a subnet reference in ARM casing', () => {
    const id = `${rg}/providers/Microsoft.Network/privateEndpoints/pe`;
    const subnet = `${rg}/providers/Microsoft.Network/virtualNetworks/v/subnets/pe`;
    const shaped = armShaped(ctx, {
      id,
      name: 'pe',
      type: 'Microsoft.Network/privateEndpoints',
      properties: {
        subnet: { id: subnet },
        privateLinkServiceConnections: [{ name: 'sql', properties: { groupIds: ['sqlServer'] } }],
      },
    });
    const p = shaped.properties as Json & { privateLinkServiceConnections: Json[] };
    assert.equal(p.privateLinkServiceConnections[0]!.id, `${id}/privateLinkServiceConnections/sql`);
    assert.deepEqual(p.subnet, { id: subnet.replace('/resourceGroups/', '/resourcegroups/') });
    assert.deepEqual(p.manualPrivateLinkServiceConnections, []);
  });

  test('a virtual network lists no peerings, and keeps its own subnets in the casing they were created with', () => {
    const id = `${rg}/providers/Microsoft.Network/virtualNetworks/v`;
    const shaped = armShaped(ctx, {
      id,
      name: 'v',
      type: 'Microsoft.Network/virtualNetworks',
      properties: { subnets: [{ id: `${id}/subnets/a`, name: 'a', properties: {} }] },
    });
    const p = shaped.properties as Json & { subnets: Json[] };
    assert.deepEqual(p.virtualNetworkPeerings, []);
    assert.equal(p.subnets[0]!.id, `${id}/subnets/a`);
  });
});
