// Episode planning over hand-written histories, replayed by durable-functions' own Orchestrator:
// the scheduling events, retry timers and failures the host commits, with time passed in.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { planEpisode } from '../../../local/host/durable/episode-plan.js';
import type { HistoryEvent } from '../../../local/host/durable/history-events.js';
import { historyEvent } from '../../../local/host/durable/history-events.js';
import { internalPaths } from '../../../local/host/durable/internals.js';
import { replay } from '../../../local/host/durable/replay.js';
import { silentLogger } from '../../../local/host/logs.js';
import type { FunctionHandler, FunctionRegistration } from '../../../local/host/types.js';

type Body = (context: OrchestrationContext) => Generator<unknown, unknown, unknown>;
const { Orchestrator } = createRequire(import.meta.url)(internalPaths.orchestrator) as {
  Orchestrator: new (fn: Body) => { listen(): FunctionHandler };
};

function orchestration(body: Body): FunctionRegistration {
  return {
    name: 'o',
    kind: 'orchestration',
    trigger: { name: 'context', type: 'orchestrationTrigger' },
    extraInputs: [],
    extraOutputs: [],
    returnBinding: undefined,
    handler: new Orchestrator(body).listen(),
  };
}

const t0 = Date.parse('2026-11-26T10:00:00Z');
const at = (ms: number) => new Date(t0 + ms);

async function episode(fn: FunctionRegistration, history: HistoryEvent[], nowMs: number) {
  const now = at(nowMs);
  const full = [...history];
  const outcome = await replay({
    fn,
    instanceId: 'i',
    input: null,
    history: full,
    logger: silentLogger(),
  });
  return planEpisode(full, outcome, now);
}

const begin = () => [
  historyEvent.orchestratorStarted(at(0)),
  historyEvent.executionStarted(at(0), {
    name: 'o',
    input: 'null',
    instanceId: 'i',
    executionId: 'e',
  }),
];

describe('episode planning', () => {
  const retrying = (timeoutMs?: number) =>
    orchestration(function* (context) {
      const retry = new df.RetryOptions(1000, 3);
      retry.backoffCoefficient = 2;
      if (timeoutMs) retry.retryTimeoutInMilliseconds = timeoutMs;
      return yield context.df.callActivityWithRetry('flaky', retry, 'x');
    });

  test('retries schedule a timer of first * coefficient^(n-1) after each failure, then a new attempt', async () => {
    const fn = retrying();
    const h = begin();
    const e1 = await episode(fn, h, 0);
    assert.deepEqual(e1.jobs, [{ type: 'activity', id: 0, name: 'flaky', input: '"x"' }]);
    h.push(
      ...e1.events,
      historyEvent.orchestratorStarted(at(100)),
      historyEvent.taskFailed(at(100), 0, 'boom', ''),
    );
    const e2 = await episode(fn, h, 100);
    assert.deepEqual(e2.jobs, [{ type: 'timer', id: 1, fireAt: at(1100).toISOString() }]);
    h.push(
      ...e2.events,
      historyEvent.orchestratorStarted(at(1100)),
      historyEvent.timerFired(at(1100), 1, at(1100).toISOString()),
    );
    const e3 = await episode(fn, h, 1100);
    assert.deepEqual(e3.jobs, [{ type: 'activity', id: 2, name: 'flaky', input: '"x"' }]);
    h.push(
      ...e3.events,
      historyEvent.orchestratorStarted(at(1200)),
      historyEvent.taskFailed(at(1200), 2, 'boom', ''),
    );
    const e4 = await episode(fn, h, 1200);
    assert.deepEqual(e4.jobs, [{ type: 'timer', id: 3, fireAt: at(3200).toISOString() }]);
  });

  test('past the retry timeout the next attempt fails with the last error instead of running', async () => {
    const fn = retrying(500);
    const h = begin();
    h.push(
      ...(await episode(fn, h, 0)).events,
      historyEvent.orchestratorStarted(at(600)),
      historyEvent.taskFailed(at(600), 0, 'boom', ''),
    );
    const e2 = await episode(fn, h, 600);
    assert.deepEqual(e2.jobs, [{ type: 'timer', id: 1, fireAt: at(600).toISOString() }]);
    h.push(
      ...e2.events,
      historyEvent.orchestratorStarted(at(600)),
      historyEvent.timerFired(at(600), 1, at(600).toISOString()),
    );
    const e3 = await episode(fn, h, 600);
    assert.deepEqual(e3.jobs, [
      { type: 'failNow', id: 2, reason: 'boom', details: 'Retry timeout expired.' },
    ]);
  });

  test('a replay that schedules something else than the history recorded fails as non-deterministic', async () => {
    const fn = orchestration(function* (context) {
      return yield context.df.callActivity('b');
    });
    const h = [
      ...begin(),
      historyEvent.taskScheduled(at(0), 0, 'a', 'null'),
      historyEvent.orchestratorCompleted(at(0)),
    ];
    const plan = await episode(fn, h, 10);
    assert.equal(plan.status, 'Failed');
    assert.match(String(plan.output), /Non-deterministic orchestrator: task 0/);
  });

  test('external events take no sequence number, so a timer after one keeps id 0', async () => {
    const fn = orchestration(function* (context) {
      const event = context.df.waitForExternalEvent('go');
      const timer = context.df.createTimer(new Date(t0 + 5000));
      return yield context.df.Task.any([event, timer]);
    });
    const plan = await episode(fn, begin(), 0);
    assert.deepEqual(plan.jobs, [{ type: 'timer', id: 0, fireAt: at(5000).toISOString() }]);
    assert.equal(plan.status, 'Running');
  });

  test('an orchestrator that throws fails with its own message and keeps its custom status', async () => {
    const fn = orchestration(function* (context) {
      context.df.setCustomStatus({ stage: 'dns' });
      yield context.df.callActivity('a');
      throw new Error('PRECONDITION: zone missing');
    });
    const h = [
      ...begin(),
      historyEvent.taskScheduled(at(0), 0, 'a', 'null'),
      historyEvent.orchestratorStarted(at(5)),
      historyEvent.taskCompleted(at(5), 0, 'null'),
    ];
    const plan = await episode(fn, h, 5);
    assert.deepEqual(
      [plan.status, plan.output, plan.customStatus],
      ['Failed', 'PRECONDITION: zone missing', { stage: 'dns' }],
    );
  });
});
