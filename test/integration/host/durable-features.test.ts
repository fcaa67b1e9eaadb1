import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FixtureHost, StatusDoc } from './helpers.js';
import { startFixtureHost, startOrchestration, waitForStatus } from './helpers.js';

let fx: FixtureHost;
before(async () => {
  fx = await startFixtureHost();
});
after(() => fx.host.stop());

const run = async (name: string, input: unknown, id?: string): Promise<StatusDoc> => {
  const instanceId = await startOrchestration(fx.url, name, input, id);
  return waitForStatus(fx.url, instanceId, ['Completed', 'Failed'], true);
};

const eventsOf = (s: StatusDoc, type: string) =>
  (s.historyEvents ?? []).filter((e) => e.EventType === type);

describe('durable orchestrations on the local host', () => {
  test('a sequence of activities completes with their results and its last custom status', async () => {
    const s = await run('sequence', { count: 4 });
    assert.equal(s.runtimeStatus, 'Completed');
    assert.deepEqual(s.output, [0, 10, 20, 30]);
    assert.deepEqual(s.customStatus, { done: 4 });
    assert.equal(eventsOf(s, 'TaskCompleted').length, 4);
  });

  test('Task.all over a fan-out gathers every result', async () => {
    const s = await run('fanOut', { count: 20 });
    assert.equal(
      s.output,
      Array.from({ length: 20 }, (_, i) => i * i).reduce((a, b) => a + b, 0),
    );
  });

  test('callActivityWithRetry waits the backoff between attempts and then succeeds', async () => {
    const s = await run('retrying', { key: 'retry-ok', failTimes: 2, attempts: 3 });
    assert.equal(s.output, 'ok after 3');
    const timers = eventsOf(s, 'TimerCreated').map(
      (e) => Date.parse(String(e.FireAt)) - Date.parse(String(e.Timestamp)),
    );
    assert.deepEqual(timers, [20, 40]);
    assert.equal(eventsOf(s, 'TaskFailed').length, 2);
    // The next attempt really runs no earlier than its backoff after the one that failed.
    const at = (fx.records('flaky-attempts') as { key: string; at: number }[])
      .filter((r) => r.key === 'retry-ok')
      .map((r) => r.at);
    assert.equal(at.length, 3);
    assert.ok(at[1]! - at[0]! >= 20, `second attempt ${at[1]! - at[0]!} ms after the first`);
    assert.ok(at[2]! - at[1]! >= 40, `third attempt ${at[2]! - at[1]!} ms after the second`);
  });

  test('callActivityWithRetry gives up after maxNumberOfAttempts with the last error', async () => {
    const s = await run('retrying', { key: 'retry-never', failTimes: 10, attempts: 3 });
    assert.match(String(s.output), /^gave up: TRANSIENT: attempt 3 failed/);
  });

  test('a durable timer fires and Task.any returns the timer when no event comes', async () => {
    const s = await run('approval', { timeoutMs: 30 });
    assert.equal(s.output, 'timed out');
    assert.equal(eventsOf(s, 'TimerFired').length, 1);
  });

  test('an activity failure fails the orchestration with the activity message', async () => {
    const s = await run('failing', null);
    assert.equal(s.runtimeStatus, 'Failed');
    assert.match(String(s.output), /PRECONDITION: the thing is missing/);
    const line = fx.lines.find((l) => l.startsWith("Executed 'Functions.alwaysFails'"));
    assert.match(line ?? '', /\(Failed, Id=.*\) PRECONDITION: the thing is missing$/);
    assert.ok(!fx.lines.some((l) => /^\s+at /.test(l)), 'no stack lines in the log');
  });

  test('an orchestration using a feature the local host lacks fails saying which', async () => {
    const s = await run('usesHttp', null);
    assert.equal(s.runtimeStatus, 'Failed');
    assert.equal(s.output, 'The local host does not support callHttp in orchestrations.');
  });

  for (const feature of [
    'callEntity',
    'signalEntity',
    'callSubOrchestrator',
    'callSubOrchestratorWithRetry',
    'continueAsNew',
  ]) {
    test(`an orchestration calling ${feature}, which the app does not use, fails saying so`, async () => {
      const s = await run('usesUnsupported', feature);
      assert.equal(s.runtimeStatus, 'Failed');
      assert.equal(s.output, `The local host does not support ${feature} in orchestrations.`);
      assert.equal(eventsOf(s, 'TaskScheduled').length, 0, 'no activity ran');
    });
  }

  test('starting an unknown orchestrator is refused with 400', async () => {
    await assert.rejects(() => startOrchestration(fx.url, 'nope', null), /start nope: 400/);
  });
});
