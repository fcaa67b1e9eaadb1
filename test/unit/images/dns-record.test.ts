import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planARecord, upsertARecord } from '../../../images/init/src/dns-record.js';
import { fakeStore, ZONE_ID } from './init-fixtures.js';

const RECORD_ID = `${ZONE_ID}/A/app-1`;
const input = { zoneId: ZONE_ID, name: 'app-1', ip: '192.168.1.4', ttl: 300 };
const ours = { 'aci-vnet-sidecars-environment': 'contoso', 'managed-by': 'aci-vnet-sidecars' };

function record(ip: string, ttl = 300, metadata: Record<string, string> = ours) {
  return {
    id: RECORD_ID,
    name: 'app-1',
    properties: { ttl, aRecords: [{ ipv4Address: ip }], metadata },
  };
}

describe('init image: the group A record', () => {
  test('creates the record with the IP, TTL and ownership metadata at api-version 2020-06-01', async () => {
    const store = fakeStore();
    assert.equal(await upsertARecord(store, input), 'created');
    assert.deepEqual(store.calls.at(-1), {
      method: 'PUT',
      id: RECORD_ID,
      apiVersion: '2020-06-01',
      body: {
        properties: {
          ttl: 300,
          aRecords: [{ ipv4Address: '192.168.1.4' }],
          metadata: { 'managed-by': 'aci-vnet-sidecars' },
        },
      },
    });
  });

  test('writes nothing when the record already holds the IP and TTL', async () => {
    const store = fakeStore({ [RECORD_ID]: record('192.168.1.4') });
    assert.equal(await upsertARecord(store, input), 'unchanged');
    assert.deepEqual(
      store.calls.map((c) => c.method),
      ['GET'],
    );
  });

  test('moves the record to the new IP after a restart, keeping the reconciler metadata', async () => {
    const store = fakeStore({ [RECORD_ID]: record('192.168.1.9') });
    assert.equal(await upsertARecord(store, input), 'updated');
    assert.deepEqual(store.calls.at(-1)?.body, {
      properties: { ttl: 300, aRecords: [{ ipv4Address: '192.168.1.4' }], metadata: ours },
    });
  });

  test('corrects a changed TTL and a record holding extra addresses', () => {
    assert.equal(planARecord(record('192.168.1.4', 60), input).action, 'update');
    const extra = record('192.168.1.4');
    extra.properties.aRecords.push({ ipv4Address: '192.168.1.5' });
    assert.equal(planARecord(extra, input).action, 'update');
  });

  test('refuses to change a record that is not marked as managed by this app', async () => {
    const store = fakeStore({ [RECORD_ID]: record('10.0.0.1', 300, { owner: 'someone' }) });
    await assert.rejects(
      upsertARecord(store, input),
      /\[validation\/RecordNotOwned\] the A record app-1 exists without metadata managed-by: aci-vnet-sidecars/,
    );
    assert.ok(store.calls.every((c) => c.method === 'GET'));
  });
});
