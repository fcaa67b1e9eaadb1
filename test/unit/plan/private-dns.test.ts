import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, planIds, SQL_PRIVATE_ZONE } from '../../../src/plan/index.js';
import { EXAMPLES, exampleSpec, ofType } from './helpers.js';

describe('private DNS zones', () => {
  for (const example of EXAMPLES) {
    test(`plans the app zone and the SQL privatelink zone, both global (${example})`, () => {
      const spec = exampleSpec(example);
      const zones = ofType(buildPlan(spec), 'Microsoft.Network/privateDnsZones');
      assert.deepEqual(
        zones.map((z) => z.name),
        [spec.dns.privateZone, SQL_PRIVATE_ZONE],
      );
      for (const zone of zones) assert.equal(zone.body.location, 'global');
    });

    test(`links each zone to the VNet without auto-registration (${example})`, () => {
      const spec = exampleSpec(example);
      const ids = planIds(spec);
      const links = ofType(
        buildPlan(spec),
        'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
      );
      assert.deepEqual(
        links.map((l) => l.id),
        [ids.appPrivateZone, ids.sqlPrivateZone].map(
          (z) => `${z}/virtualNetworkLinks/${spec.names.virtualNetwork}`,
        ),
      );
      for (const link of links) {
        assert.equal(link.body.location, 'global');
        assert.deepEqual(link.body.properties, {
          virtualNetwork: { id: ids.virtualNetwork },
          registrationEnabled: false,
        });
        assert.ok(link.dependsOn.includes(ids.virtualNetwork));
      }
    });
  }

  test('uses the private zone the spec names', () => {
    const zones = ofType(buildPlan(exampleSpec('full')), 'Microsoft.Network/privateDnsZones');
    assert.equal(zones[0]!.name, 'prod.contoso.internal');
  });
});
