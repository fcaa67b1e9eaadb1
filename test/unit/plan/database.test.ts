import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, planIds, ref, sqlSku } from '../../../src/plan/index.js';
import { at, exampleSpec, only } from './helpers.js';

describe('Azure SQL', () => {
  test('makes the dedicated SQL admin identity the only (Entra) administrator', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const server = only(buildPlan(spec), 'Microsoft.Sql/servers');
    assert.equal(server.name, spec.names.sqlServer);
    assert.deepEqual(at(server.body, 'properties.administrators'), {
      administratorType: 'ActiveDirectory',
      azureADOnlyAuthentication: true,
      principalType: 'Application',
      login: 'id-contoso-prod-sql-admin',
      sid: ref(ids.sqlAdminIdentity, 'properties.clientId'),
      tenantId: '${param:tenantId}',
    });
    assert.equal((server.body.properties as Record<string, unknown>).administratorLogin, undefined);
  });

  test('closes public access, requires TLS 1.2 and runs with no identity of its own', () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const server = only(buildPlan(spec), 'Microsoft.Sql/servers');
    assert.equal(at(server.body, 'properties.publicNetworkAccess'), 'Disabled');
    assert.equal(at(server.body, 'properties.minimalTlsVersion'), '1.2');
    assert.equal(at(server.body, 'properties.version'), '12.0');
    // The administrator identity is named, never attached: nothing that runs can act as it.
    assert.equal(server.body.identity, undefined);
    assert.equal(
      (server.body.properties as Record<string, unknown>).primaryUserAssignedIdentityId,
      undefined,
    );
    assert.deepEqual(server.dependsOn, [ids.sqlAdminIdentity]);
  });

  test("creates the database with the spec's SKU", () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const db = only(buildPlan(spec), 'Microsoft.Sql/servers/databases');
    assert.equal(db.id, `${ids.sqlServer}/databases/appdb`);
    assert.deepEqual(db.body.sku, { name: 'S1', tier: 'Standard' });
    assert.equal(at(db.body, 'properties.collation'), 'SQL_Latin1_General_CP1_CI_AS');
    assert.deepEqual(db.dependsOn, [ids.sqlServer]);
    const minimal = only(buildPlan(exampleSpec('minimal')), 'Microsoft.Sql/servers/databases');
    assert.deepEqual(minimal.body.sku, { name: 'S0', tier: 'Standard' });
  });

  test('translates service objective names into ARM SKU objects', () => {
    assert.deepEqual(sqlSku('Basic'), { name: 'Basic', tier: 'Basic' });
    assert.deepEqual(sqlSku('P2'), { name: 'P2', tier: 'Premium' });
    assert.deepEqual(sqlSku('GP_S_Gen5_1'), {
      name: 'GP_S_Gen5',
      tier: 'GeneralPurpose',
      family: 'Gen5',
      capacity: 1,
    });
    assert.deepEqual(sqlSku('BC_Gen5_4'), {
      name: 'BC_Gen5',
      tier: 'BusinessCritical',
      family: 'Gen5',
      capacity: 4,
    });
    assert.deepEqual(sqlSku('Custom1'), { name: 'Custom1' });
  });

  test('reads every edition, multi-digit sizes and non-Gen families', () => {
    assert.deepEqual(sqlSku('S12'), { name: 'S12', tier: 'Standard' });
    assert.deepEqual(sqlSku('P15'), { name: 'P15', tier: 'Premium' });
    assert.deepEqual(sqlSku('HS_Gen5_16'), {
      name: 'HS_Gen5',
      tier: 'Hyperscale',
      family: 'Gen5',
      capacity: 16,
    });
    assert.deepEqual(sqlSku('GP_Fsv2_8'), {
      name: 'GP_Fsv2',
      tier: 'GeneralPurpose',
      family: 'Fsv2',
      capacity: 8,
    });
  });

  test('passes a name that only contains a known pattern on to ARM as it is', () => {
    for (const objective of ['DS1', 'S1x', 'DP1', 'P1x', 'XGP_Gen5_2', 'GP_Gen5_2x']) {
      assert.deepEqual(sqlSku(objective), { name: objective }, objective);
    }
  });

  test('puts the server, database, endpoint and zone group in the database area', () => {
    const database = buildPlan(exampleSpec('minimal')).resources.filter(
      (r) => r.area === 'database',
    );
    assert.deepEqual(
      database.map((r) => r.type),
      [
        'Microsoft.Sql/servers',
        'Microsoft.Sql/servers/databases',
        'Microsoft.Network/privateEndpoints',
        'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
      ],
    );
  });

  test('reaches the server through a private endpoint in the private-endpoint subnet', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const pe = only(buildPlan(spec), 'Microsoft.Network/privateEndpoints');
    assert.equal(pe.name, spec.names.sqlPrivateEndpoint);
    assert.deepEqual(at(pe.body, 'properties.subnet'), { id: ids.subnets.privateEndpoints });
    assert.equal(
      at(pe.body, 'properties.customNetworkInterfaceName'),
      `${spec.names.sqlPrivateEndpoint}-nic`,
    );
    assert.deepEqual(at(pe.body, 'properties.privateLinkServiceConnections'), [
      {
        name: spec.names.sqlPrivateEndpoint,
        properties: { privateLinkServiceId: ids.sqlServer, groupIds: ['sqlServer'] },
      },
    ]);
  });

  test('registers the endpoint in privatelink.database.windows.net through a DNS zone group', () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const group = only(buildPlan(spec), 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
    assert.equal(group.id, `${ids.sqlPrivateEndpoint}/privateDnsZoneGroups/default`);
    assert.deepEqual(group.body, {
      properties: {
        privateDnsZoneConfigs: [
          {
            name: 'privatelink-database-windows-net',
            properties: { privateDnsZoneId: ids.sqlPrivateZone },
          },
        ],
      },
    });
    assert.ok(ids.sqlPrivateZone.endsWith('/privateDnsZones/privatelink.database.windows.net'));
  });
});
