import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { NetworkManagementClient } from '@azure/arm-network';
import { PrivateDnsManagementClient } from '@azure/arm-privatedns';
import { ResourceManagementClient } from '@azure/arm-resources';
import { SqlManagementClient } from '@azure/arm-sql';
import assert from 'node:assert/strict';
import { Resolver } from 'node:dns/promises';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { subnetId, vnetWithSubnets } from './builders.js';
import { armOptions, fakeCredential, LRO, raw, startTestEmulator, SUB } from './helpers.js';

const RG = 'rg-other';
const RG_ID = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;

void describe('emulator resource types beyond compute and network', () => {
  let emu: EmulatorHandle;
  let network: NetworkManagementClient;
  const clients = (e: EmulatorHandle) => {
    const o = armOptions(e);
    return {
      msi: new ManagedServiceIdentityClient(fakeCredential, SUB, o),
      auth: new AuthorizationManagementClient(fakeCredential, SUB, o),
      sql: new SqlManagementClient(fakeCredential, SUB, o),
      acr: new ContainerRegistryManagementClient(fakeCredential, SUB, o),
      privateDns: new PrivateDnsManagementClient(fakeCredential, SUB, o),
    };
  };
  let c: ReturnType<typeof clients>;

  before(async () => {
    emu = await startTestEmulator();
    c = clients(emu);
    network = new NetworkManagementClient(fakeCredential, SUB, armOptions(emu));
    await new ResourceManagementClient(
      fakeCredential,
      SUB,
      armOptions(emu),
    ).resourceGroups.createOrUpdate(RG, { location: 'westeurope' });
    await vnetWithSubnets(network, RG, 'vnet');
  });
  after(() => emu.stop());

  void test('gives a public IP a documentation-range address and a cloudapp FQDN', async () => {
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      RG,
      'gw-pip',
      {
        location: 'westeurope',
        sku: { name: 'Standard' },
        publicIPAllocationMethod: 'Static',
        dnsSettings: { domainNameLabel: 'myapp' },
      },
      LRO,
    );
    assert.match(pip.ipAddress ?? '', /^203\.0\.113\.\d+$/);
    assert.equal(pip.dnsSettings?.fqdn, 'myapp.westeurope.cloudapp.azure.com');
  });

  void test('gives a user-assigned identity stable principal and client ids', async () => {
    const first = await c.msi.userAssignedIdentities.createOrUpdate(RG, 'id-gw', {
      location: 'westeurope',
    });
    const again = await c.msi.userAssignedIdentities.createOrUpdate(RG, 'id-gw', {
      location: 'westeurope',
      tags: { a: 'b' },
    });
    assert.match(first.principalId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual([again.principalId, again.clientId], [first.principalId, first.clientId]);
  });

  void test('stores role assignments and refuses a duplicate under another name', async () => {
    const principalId = '11111111-1111-4111-8111-111111111111';
    const created = await c.auth.roleAssignments.create(
      RG_ID,
      '9e0b6a1c-0000-4000-8000-000000000001',
      { roleDefinitionId: READER, principalId, principalType: 'ServicePrincipal' },
    );
    assert.equal(created.scope, RG_ID);
    await assert.rejects(
      c.auth.roleAssignments.create(RG_ID, '9e0b6a1c-0000-4000-8000-000000000002', {
        roleDefinitionId: READER,
        principalId,
      }),
      { statusCode: 409, code: 'RoleAssignmentExists' },
    );
  });

  void test('lists role assignments for a scope by $filter: at or above, or one principal at, above and below', async () => {
    const principalId = '33333333-3333-4333-8333-333333333333';
    const other = '44444444-4444-4444-8444-444444444444';
    const vnetScope = `${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet`;
    const grant = (scope: string, name: string, principal: string) =>
      c.auth.roleAssignments.create(scope, name, {
        roleDefinitionId: READER,
        principalId: principal,
        principalType: 'ServicePrincipal',
      });
    await grant(RG_ID, '9e0b6a1c-0000-4000-8000-000000000011', principalId);
    await grant(vnetScope, '9e0b6a1c-0000-4000-8000-000000000012', principalId);
    await grant(vnetScope, '9e0b6a1c-0000-4000-8000-000000000013', other);
    const list = async (scope: string, filter: string) => {
      const scopes: string[] = [];
      for await (const a of c.auth.roleAssignments.listForScope(scope, { filter }))
        if (a.principalId === principalId || a.principalId === other)
          scopes.push(
            `${a.principalId === other ? 'other' : 'ours'}@${a.scope === RG_ID ? 'rg' : 'vnet'}`,
          );
      return scopes.sort();
    };
    assert.deepEqual(await list(vnetScope, `principalId eq '${principalId}'`), [
      'ours@rg',
      'ours@vnet',
    ]);
    assert.deepEqual(await list(RG_ID, `principalId eq '${principalId}'`), [
      'ours@rg',
      'ours@vnet',
    ]);
    assert.deepEqual(await list(RG_ID, `assignedTo('${principalId}')`), ['ours@rg', 'ours@vnet']);
    assert.deepEqual(await list(RG_ID, 'atScope()'), ['ours@rg']);
    assert.deepEqual(await list(vnetScope, 'atScope()'), ['other@vnet', 'ours@rg', 'ours@vnet']);
    assert.deepEqual(await list(RG_ID, `atScope() and assignedTo('${other}')`), []);
    await assert.rejects(
      list(RG_ID, `principalId eq ${principalId}`),
      (error: Error & { statusCode?: number }) =>
        error.statusCode === 400 &&
        /The filter 'principalId eq [0-9a-f-]+' is not supported/.test(error.message),
    );
    await assert.rejects(list(RG_ID, `atScope() and principalId eq '${principalId}'`), {
      statusCode: 400,
    });
  });

  void test('creates a SQL server with its FQDN and a private endpoint whose zone group writes the A record', async () => {
    const server = await c.sql.servers.beginCreateOrUpdateAndWait(
      RG,
      'sql-1',
      {
        location: 'westeurope',
        administrators: {
          azureADOnlyAuthentication: true,
          login: 'id-app',
          sid: '22222222-2222-4222-8222-222222222222',
        },
      },
      LRO,
    );
    assert.equal(server.fullyQualifiedDomainName, 'sql-1.database.windows.net');
    const zone = 'privatelink.database.windows.net';
    await c.privateDns.privateZones.beginCreateOrUpdateAndWait(
      RG,
      zone,
      { location: 'global' },
      LRO,
    );
    const pe = await network.privateEndpoints.beginCreateOrUpdateAndWait(
      RG,
      'pe-sql',
      {
        location: 'westeurope',
        subnet: { id: subnetId(RG, 'vnet', 'plain') },
        privateLinkServiceConnections: [
          { name: 'sql', privateLinkServiceId: server.id, groupIds: ['sqlServer'] },
        ],
      },
      LRO,
    );
    const ip = pe.customDnsConfigs?.[0]?.ipAddresses?.[0];
    assert.equal(ip, '192.168.3.4');
    await network.privateDnsZoneGroups.beginCreateOrUpdateAndWait(
      RG,
      'pe-sql',
      'default',
      {
        privateDnsZoneConfigs: [
          {
            name: 'sql',
            privateDnsZoneId: `${RG_ID}/providers/Microsoft.Network/privateDnsZones/${zone}`,
          },
        ],
      },
      LRO,
    );
    const record = await c.privateDns.recordSets.get(RG, zone, 'A', 'sql-1');
    assert.equal(record.aRecords?.[0]?.ipv4Address, ip);
    const resolver = new Resolver();
    resolver.setServers([emu.dnsAddress]);
    assert.deepEqual(await resolver.resolve4(`sql-1.${zone}`), [ip]);
  });

  void test('removes the zone group records when the private endpoint is deleted', async () => {
    await network.privateEndpoints.beginDeleteAndWait(RG, 'pe-sql', LRO);
    await assert.rejects(
      c.privateDns.recordSets.get(RG, 'privatelink.database.windows.net', 'A', 'sql-1'),
      { statusCode: 404 },
    );
  });

  void test('creates a registry with its login server, records imported images and refuses a build without uploaded source', async () => {
    const registry = await c.acr.registries.create(
      RG,
      'acrdemo',
      { location: 'westeurope', sku: { name: 'Basic' } },
      LRO,
    );
    assert.equal(registry.loginServer, 'acrdemo.azurecr.io');
    await c.acr.registries.importImage(
      RG,
      'acrdemo',
      {
        source: { registryUri: 'docker.io', sourceImage: 'library/nginx:1.27' },
        targetTags: ['nginx:1.27'],
      },
      LRO,
    );
    const path = `${RG_ID}/providers/Microsoft.ContainerRegistry/registries/acrdemo/scheduleRun?api-version=2019-06-01-preview`;
    const run = await raw(emu, 'POST', path, {
      type: 'DockerBuildRequest',
      imageNames: ['api:1'],
      isPushEnabled: true,
      dockerFilePath: 'Dockerfile',
      platform: { os: 'Linux' },
    });
    // ACR builds from a context uploaded through listBuildSourceUploadUrl; none was.
    assert.equal(run.status, 400);
    const state = (await raw(emu, 'GET', '/_emulator/state')).body as {
      registryImages: Record<string, string[]>;
    };
    assert.deepEqual(Object.values(state.registryImages), [['nginx:1.27']]);
  });
});
