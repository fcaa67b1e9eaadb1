import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  reconcileCoalesceSeconds,
  reconcileSchedule,
} from '../../../src/cli/local-stack/timer-schedules.js';

test("the reconcile timer keeps Azure's 5 minutes on the emulator's time scale", () => {
  assert.equal(reconcileSchedule(1), '0 */5 * * * *');
  assert.equal(reconcileSchedule(2), '0 */5 * * * *');
  assert.equal(reconcileSchedule(0.5), '0 */2 * * * *');
  assert.equal(reconcileSchedule(0.1), '*/30 * * * * *');
  assert.equal(reconcileSchedule(0.01), '*/3 * * * * *');
  assert.equal(reconcileSchedule(0.03), '*/6 * * * * *');
  assert.equal(reconcileSchedule(0.001), '*/1 * * * * *');
});

test("the event coalescing wait keeps Azure's 10 s on the time scale, in whole seconds", () => {
  assert.equal(reconcileCoalesceSeconds(1), 10);
  assert.equal(reconcileCoalesceSeconds(5), 10);
  assert.equal(reconcileCoalesceSeconds(0.5), 5);
  assert.equal(reconcileCoalesceSeconds(0.01), 0);
});
