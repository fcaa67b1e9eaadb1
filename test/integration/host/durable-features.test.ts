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
  });

  test('callActivityWithRetry gives up after maxNumberOfAttempts with the last error', async () => {
    const s = await run('retrying', { key: 'retry-never', failTimes: 10, attempts: 3 });
    assert.match(String(s.output), /^gave up: TRANSIENT: attempt 3 failed/);
  });

  test('sub-orchestrations run as child instances, with retry', async () => {
    const s = await run('parent', 'sub-key', 'parent-1');
    assert.deepEqual(s.output, { fromChild: 49, fromRetried: 'ok after 2', parent: 'parent-1' });
    const created = eventsOf(s, 'SubOrchestrationInstanceCreated').map((e) => e.InstanceId);
    assert.deepEqual(created.slice(0, 2), ['parent-1:0', 'parent-1:1']);
    const child = await waitForStatus(fx.url, 'parent-1:0', ['Completed']);
    assert.equal(child.output, 49);
  });

  test('a durable timer fires and Task.any returns the timer when no event comes', async () => {
    const s = await run('approval', { timeoutMs: 30 });
    assert.equal(s.output, 'timed out');
    assert.equal(eventsOf(s, 'TimerFired').length, 1);
  });

  test('continueAsNew restarts the orchestration with the new input and a fresh history', async () => {
    const s = await run('loop', 0);
    assert.equal(s.output, 3);
    assert.equal(s.input, 3);
    assert.equal(eventsOf(s, 'ExecutionStarted').length, 1);
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

  test('starting an unknown orchestrator is refused with 400', async () => {
    await assert.rejects(() => startOrchestration(fx.url, 'nope', null), /start nope: 400/);
  });
});
