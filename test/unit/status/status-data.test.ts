import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ACTIVE_POLL_SECONDS,
  IDLE_POLL_SECONDS,
  statusData,
} from '../../../src/status/assemble.js';
import { liveCache } from '../../../src/status/live-cache.js';
import type { EnvironmentView } from '../../../src/status/types.js';

const environment = (name: string, patch: Partial<EnvironmentView> = {}): EnvironmentView => ({
  name,
  groups: { ok: true, value: [] },
  pools: { ok: true, value: { pools: [] } },
  certificate: { ok: true, value: null },
  events: [],
  ...patch,
});

describe('status data', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  test('polls slowly when nothing runs, and lists environments by name', () => {
    const data = statusData([environment('b'), environment('a')], now);
    assert.deepEqual([data.active, data.pollSeconds], [false, IDLE_POLL_SECONDS]);
    assert.deepEqual(
      data.environments.map((e) => e.name),
      ['a', 'b'],
    );
  });

  test('polls every few seconds while a deployment or a heal runs', () => {
    const deploying = environment('a', {
      deployment: {
        instanceId: 'environment-a',
        runtimeStatus: 'Running',
        active: true,
        createdTime: now.toISOString(),
        lastUpdatedTime: now.toISOString(),
        durationMs: 0,
        stages: [],
      },
    });
    assert.equal(statusData([deploying], now).pollSeconds, ACTIVE_POLL_SECONDS);
    const healing = environment('a', {
      events: [
        {
          kind: 'heal',
          instanceId: 'reconcile-a',
          runtimeStatus: 'Running',
          at: now.toISOString(),
          startedAt: now.toISOString(),
          summary: '',
          changes: [],
        },
      ],
    });
    assert.equal(statusData([healing], now).active, true);
  });
});

describe('live parts cache', () => {
  test('reads again when a workflow changed or the time to live passed, not at every poll', async () => {
    let clock = 0;
    let reads = 0;
    const cache = liveCache<number>(() => clock, 30_000);
    const load = () => Promise.resolve(++reads);
    assert.equal(await cache.get('a', 'k1', load), 1);
    clock = 29_000;
    assert.equal(await cache.get('a', 'k1', load), 1);
    assert.equal(await cache.get('a', 'k2', load), 2, 'a workflow changed');
    clock = 60_000;
    assert.equal(await cache.get('a', 'k2', load), 3, 'time to live passed');
    assert.equal(await cache.get('b', 'k2', load), 4, 'another environment');
  });
});
