import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { poolChanges, recordChanges } from '../../../src/environments/group-diffs.js';

describe('what a reconcile must change', () => {
  test('moves a record to the new IP of its group', () => {
    assert.deepEqual(
      recordChanges([{ recordName: 'app-1', groupIp: '192.168.1.9', recordIp: '192.168.1.4' }]),
      [{ action: 'upsert', recordName: 'app-1', ip: '192.168.1.9', was: '192.168.1.4' }],
    );
  });

  test('creates a missing record and leaves a correct one alone', () => {
    assert.deepEqual(
      recordChanges([
        { recordName: 'app-1', groupIp: '192.168.1.4', recordIp: undefined },
        { recordName: 'app-2', groupIp: '192.168.1.5', recordIp: '192.168.1.5' },
      ]),
      [{ action: 'upsert', recordName: 'app-1', ip: '192.168.1.4', was: undefined }],
    );
  });

  test('removes the record of a group without an IP, so it cannot point at an address another group gets', () => {
    assert.deepEqual(
      recordChanges([{ recordName: 'app-3', groupIp: undefined, recordIp: '192.168.1.6' }]),
      [{ action: 'delete', recordName: 'app-3', was: '192.168.1.6' }],
    );
  });

  test('rewrites only pools whose set of addresses differs, in any order', () => {
    assert.deepEqual(
      poolChanges(
        { app: ['192.168.1.5', '192.168.1.4'], dashboard: ['192.168.1.7'] },
        { app: ['192.168.1.4', '192.168.1.5'], dashboard: ['192.168.1.8'] },
      ),
      ['dashboard'],
    );
  });

  test('rewrites a pool that must gain the address of a newly started group', () => {
    assert.deepEqual(
      poolChanges({ app: ['192.168.1.4'] }, { app: ['192.168.1.4', '192.168.1.5'] }),
      ['app'],
    );
  });

  test('rewrites a pool in which one address was swapped for another', () => {
    assert.deepEqual(
      poolChanges({ app: ['192.168.1.4', '192.168.1.5'] }, { app: ['192.168.1.4', '192.168.1.9'] }),
      ['app'],
    );
  });

  test('treats a pool the gateway does not list as empty', () => {
    assert.deepEqual(poolChanges({}, { app: [], dashboard: ['192.168.1.7'] }), ['dashboard']);
  });

  test('names the pools to rewrite in alphabetical order', () => {
    assert.deepEqual(
      poolChanges({ web: [], app: [] }, { web: ['192.168.1.8'], app: ['192.168.1.4'] }),
      ['app', 'web'],
    );
  });
});
