import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  apiVersionOf,
  ENVIRONMENT_TAG,
  groupRecords,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  planIds,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { exampleSpec } from './helpers.js';

const RECORD = 'Microsoft.Network/privateDnsZones/A';

/** The IPs as the deployment reads them back: keyed by the lower-cased container group id. */
function ipsOf(entries: [groupId: string, ip: string][]): Map<string, string> {
  return new Map(entries.map(([id, ip]) => [id.toLowerCase(), ip]));
}

function summary(records: PlannedResource[]): { name: string; ips: unknown }[] {
  return records.map((r) => ({
    name: r.name,
    ips: (r.body.properties as { aRecords: unknown }).aRecords,
  }));
}

describe('private A records of the container groups', () => {
  const spec = exampleSpec('full');
  const ids = planIds(spec);
  const [app1, app2, app3] = ids.appContainerGroups as [string, string, string];

  test('points app-N and dashboard in the private zone at the IP each group has', () => {
    const records = groupRecords(
      spec,
      ipsOf([
        [app1, '192.168.2.4'],
        [app2, '192.168.2.5'],
        [app3, '192.168.2.6'],
        [ids.dashboardContainerGroup, '192.168.2.7'],
      ]),
    );
    assert.deepEqual(summary(records), [
      { name: 'app-1', ips: [{ ipv4Address: '192.168.2.4' }] },
      { name: 'app-2', ips: [{ ipv4Address: '192.168.2.5' }] },
      { name: 'app-3', ips: [{ ipv4Address: '192.168.2.6' }] },
      { name: 'dashboard', ips: [{ ipv4Address: '192.168.2.7' }] },
    ]);
    assert.deepEqual(records[0], {
      id: `${ids.appPrivateZone}/A/app-1`,
      type: RECORD,
      apiVersion: apiVersionOf(RECORD),
      name: 'app-1',
      area: 'private-dns',
      body: {
        properties: {
          ttl: 300,
          aRecords: [{ ipv4Address: '192.168.2.4' }],
          metadata: { [ENVIRONMENT_TAG]: spec.name, [MANAGED_BY_TAG]: MANAGED_BY_VALUE },
        },
      },
      dependsOn: [ids.appPrivateZone, app1],
    });
    assert.ok(ids.appPrivateZone.endsWith('/privateDnsZones/prod.contoso.internal'));
  });

  test('plans no record for a group that has no IP yet', () => {
    const records = groupRecords(
      spec,
      ipsOf([
        [app2, '192.168.2.5'],
        [ids.dashboardContainerGroup, ''],
      ]),
    );
    assert.deepEqual(summary(records), [{ name: 'app-2', ips: [{ ipv4Address: '192.168.2.5' }] }]);
    assert.deepEqual(groupRecords(spec, new Map()), []);
  });

  test('plans no dashboard record when the dashboard is off', () => {
    const off = exampleSpec('full', { dashboard: { enabled: false } });
    const offIds = planIds(off);
    const records = groupRecords(
      off,
      ipsOf([
        [offIds.appContainerGroups[0]!, '192.168.2.4'],
        [offIds.dashboardContainerGroup, '192.168.2.7'],
      ]),
    );
    assert.deepEqual(summary(records), [{ name: 'app-1', ips: [{ ipv4Address: '192.168.2.4' }] }]);
  });
});
