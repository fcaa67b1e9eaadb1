// The schedules are reproducible from their seed, and the 100 of the normal test run between them
// meet every kind of fault the suite knows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeSchedule, scheduleOf } from './schedule.js';

const hundred = Array.from({ length: 100 }, (_, i) => scheduleOf(i + 1));

describe('chaos schedules', () => {
  test('the same seed gives the same schedule, another seed another', () => {
    assert.deepEqual(scheduleOf(42), scheduleOf(42));
    assert.notEqual(describeSchedule(scheduleOf(42)), describeSchedule(scheduleOf(43)));
  });

  test('seeds 1 to 100 meet every ARM fault, host crash, restart and event fault', () => {
    const arm = new Set(
      hundred.flatMap((s) => [...s.deployFaults, ...s.changeFaults]).map((f) => f.scenario),
    );
    assert.deepEqual([...arm].sort(), [
      'conflict409',
      'droppedConnection',
      'gatewaySuperseded',
      'internalError500',
      'throttled429RetryAfter',
      'unavailable503',
    ]);
    const crashes = new Set(hundred.flatMap((s) => (s.crash ? [s.crash.during] : [])));
    assert.deepEqual([...crashes].sort(), ['change', 'deploy']);
    const restarts = new Set(hundred.flatMap((s) => s.restarts.map((r) => r.kind)));
    assert.deepEqual([...restarts].sort(), ['arm', 'platform']);
    const events = new Set(hundred.flatMap((s) => s.events.map((e) => e.kind)));
    assert.deepEqual([...events].sort(), ['ghost', 'late', 'replay']);
  });

  test('names each environment after its seed, within the spec name rules', () => {
    for (const s of hundred) assert.match(s.environment, /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/);
    assert.equal(new Set(hundred.map((s) => s.environment)).size, 100);
  });
});
