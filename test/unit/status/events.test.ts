import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  healEvent,
  recentEvents,
  renewalEvent,
  type InstanceRecord,
} from '../../../src/status/events.js';

const instance = (patch: Partial<InstanceRecord>): InstanceRecord => ({
  instanceId: 'reconcile-contoso-prod',
  runtimeStatus: 'Completed',
  createdTime: '2025-06-01T12:00:00.000Z',
  lastUpdatedTime: '2025-06-01T12:00:05.000Z',
  ...patch,
});

describe('heal and renewal events', () => {
  test('a heal says why it ran and which records and pools it rewrote', () => {
    const event = healEvent(
      instance({
        input: {
          environment: 'contoso-prod',
          spec: { secret: 'not shown' },
          reason: 'restart of ci-app-1',
        },
        output: {
          summary: 'app-1 → 192.168.1.7, pool app updated',
          recordChanges: [
            { action: 'upsert', recordName: 'app-1', ip: '192.168.1.7', was: '192.168.1.4' },
          ],
          poolsChanged: ['app'],
        },
      }),
    );
    assert.deepEqual(event, {
      kind: 'heal',
      instanceId: 'reconcile-contoso-prod',
      runtimeStatus: 'Completed',
      at: '2025-06-01T12:00:05.000Z',
      startedAt: '2025-06-01T12:00:00.000Z',
      reason: 'restart of ci-app-1',
      summary: 'app-1 → 192.168.1.7, pool app updated',
      changes: ['app-1 → 192.168.1.7', 'pool app updated'],
    });
  });

  test('a running heal shows what it waits for; a failed one its error', () => {
    const running = healEvent(
      instance({
        runtimeStatus: 'Running',
        customStatus: { waiting: 'waiting for restarting container groups: app-1' },
      }),
    );
    assert.equal(running.summary, 'waiting for restarting container groups: app-1');
    assert.deepEqual(running.changes, []);
    const failed = healEvent(
      instance({ runtimeStatus: 'Failed', output: '[conflict/Busy] the gateway is busy' }),
    );
    assert.equal(failed.summary, '[conflict/Busy] the gateway is busy');
  });

  test('a renewal that issued names the new version; one that kept changes nothing', () => {
    const issued = renewalEvent(
      instance({
        instanceId: 'renew-contoso-prod',
        customStatus: { certificate: 'issued', message: 'renewed: due for renewal' },
        output: { action: 'issued', notAfter: '2025-09-01T00:00:00.000Z', version: 'v3' },
      }),
    );
    assert.deepEqual(issued.changes, [
      'new certificate version v3, valid until 2025-09-01T00:00:00.000Z',
    ]);
    assert.equal(issued.summary, 'renewed: due for renewal');
    const kept = renewalEvent(
      instance({ instanceId: 'renew-contoso-prod', output: { action: 'kept' } }),
    );
    assert.deepEqual([kept.summary, kept.changes], ['certificate kept', []]);
  });

  test('lists the newest event first', () => {
    const events = recentEvents(
      instance({ lastUpdatedTime: '2025-06-01T12:00:00.000Z' }),
      instance({ instanceId: 'renew-contoso-prod', lastUpdatedTime: '2025-06-02T00:00:00.000Z' }),
    );
    assert.deepEqual(
      events.map((e) => e.kind),
      ['renewal', 'heal'],
    );
    assert.deepEqual(recentEvents(undefined, undefined), []);
  });
});
