// The rolling change's decisions: a group goes out of service only while the others of its pool
// serve, comes back only once it runs, and the drain lasts what the gateway's settings say.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BackendServerHealth } from '../../../src/azure/gateway.js';
import type { GroupAddress } from '../../../src/environments/index.js';
import {
  afterDisruption,
  beforeDisruption,
  drainTimeoutMs,
  scaledWaitMs,
} from '../../../src/provisioning/stages/roll-checks.js';

function group(n: number, ...changes: Partial<GroupAddress>[]): GroupAddress {
  const base: GroupAddress = {
    role: {
      id: `/x/containerGroups/ci-app-${n}`,
      name: `ci-app-${n}`,
      recordName: `app-${n}`,
      routes: 'app',
    },
    ip: `192.168.2.${n}`,
    state: 'Running',
    provisioningState: 'Succeeded',
    waitingContainers: [],
  };
  return changes.reduce<GroupAddress>((g, change) => ({ ...g, ...change }), base);
}
const healthy = (...ns: number[]): BackendServerHealth[] =>
  ns.map((n) => ({ pool: 'app', address: `192.168.2.${n}`, health: 'Healthy' }));
const pool = (...ns: number[]) => ({ app: ns.map((n) => `192.168.2.${n}`) });
const three = [group(1), group(2), group(3)];

describe('before a group goes out of service', () => {
  test('takes it out when every other group of its pool runs, is in the pool and is Healthy', () => {
    const check = beforeDisruption({
      target: three[0]!,
      addresses: three,
      pools: pool(1, 2, 3),
      health: healthy(1, 2, 3),
    });
    assert.deepEqual(check, { action: 'take-out' });
  });

  test('waits while another group of the pool is not Healthy, naming it', () => {
    const check = beforeDisruption({
      target: three[0]!,
      addresses: three,
      pools: pool(1, 2, 3),
      health: healthy(1, 3),
    });
    assert.equal(check.action, 'wait');
    assert.match(check.action === 'wait' ? check.reason : '', /ci-app-2 Healthy/);
  });

  test('waits while another group does not run', () => {
    const addresses = [group(1), group(2, { state: 'Pending' }), group(3)];
    const check = beforeDisruption({
      target: addresses[0]!,
      addresses,
      pools: pool(1, 2, 3),
      health: healthy(1, 3),
    });
    assert.equal(check.action, 'wait');
    assert.match(check.action === 'wait' ? check.reason : '', /ci-app-2 \(Pending\) to run/);
  });

  test('adds a running group missing from the pool before waiting', () => {
    const check = beforeDisruption({
      target: three[0]!,
      addresses: three,
      pools: pool(1, 2),
      health: healthy(1, 2),
    });
    assert.deepEqual(check.action === 'wait' && check.addOthers, true);
  });

  test('takes out at once a group that serves nothing: not in the pool, or not Healthy', () => {
    for (const [pools, health] of [
      [pool(2, 3), healthy(2, 3)],
      [pool(1, 2, 3), healthy(2)],
    ] as const) {
      const check = beforeDisruption({ target: three[0]!, addresses: three, pools, health });
      assert.deepEqual(check, { action: 'take-out' });
    }
  });

  test('counts only the groups of its own pool', () => {
    const dashboard = group(9, {
      role: { ...group(9).role, routes: 'dashboard' },
      state: 'Stopped',
    });
    const addresses = [...three, dashboard];
    const check = beforeDisruption({
      target: three[0]!,
      addresses,
      pools: pool(1, 2, 3),
      health: healthy(1, 2, 3),
    });
    assert.deepEqual(check, { action: 'take-out' });
  });
});

describe('after a group was changed', () => {
  test('puts it back once it runs with an IP', () => {
    assert.deepEqual(afterDisruption(group(1)), { action: 'put-back' });
  });

  test('waits while it starts', () => {
    assert.equal(afterDisruption(group(1, { state: 'Pending' })).action, 'wait');
    assert.equal(afterDisruption(group(1, { ip: undefined, state: 'Running' })).action, 'wait');
  });

  test('stops the roll naming a group that failed or stopped', () => {
    for (const change of [{ provisioningState: 'Failed' }, { state: 'Stopped', ip: undefined }]) {
      const check = afterDisruption(group(2, change));
      assert.equal(check.action, 'fail');
      assert.match(check.action === 'fail' ? check.reason : '', /ci-app-2 did not come back/);
    }
  });
});

describe('draining', () => {
  test("lasts the longest enabled drain timeout of the gateway's backend settings", () => {
    const settings = (enabled: boolean, seconds: number) => ({
      properties: { connectionDraining: { enabled, drainTimeoutInSec: seconds } },
    });
    const gateway = (...s: object[]) => ({ properties: { backendHttpSettingsCollection: s } });
    assert.equal(drainTimeoutMs(gateway(settings(true, 60), settings(true, 30))), 60_000);
    assert.equal(drainTimeoutMs(gateway(settings(false, 600), settings(true, 30))), 30_000);
    assert.equal(drainTimeoutMs(gateway({ properties: {} })), 0);
    assert.equal(drainTimeoutMs({}), 0);
  });

  test("waits Azure's time in Azure, and scaled like the not-ready interval locally", () => {
    assert.equal(scaledWaitMs(60_000, undefined), 60_000);
    assert.equal(scaledWaitMs(60_000, 1), 400);
    assert.equal(scaledWaitMs(60_000, 5_000), 60_000);
  });
});
