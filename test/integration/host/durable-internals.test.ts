// Guard: the local host replays orchestrations with durable-functions' internal code. If the
// pinned version changes or the internals move, these tests say so before anything else breaks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { OrchestrationContext } from 'durable-functions';
import { EventType, historyEvent } from '../../../local/host/durable/history-events.js';
import {
  executorPrototype,
  installedDurableFunctionsVersion,
  internalPaths,
  latestReplaySchema,
  pinnedDurableFunctionsVersion,
} from '../../../local/host/durable/internals.js';
import { recordTasksOn } from '../../../local/host/durable/task-recorder.js';

const require = createRequire(import.meta.url);

interface OrchestratorClass {
  new (fn: (context: OrchestrationContext) => Generator<unknown, unknown, unknown>): {
    listen(): (
      trigger: unknown,
      context: { df?: unknown },
    ) => Promise<{ isDone: boolean; output?: unknown; actions: unknown[][] }>;
  };
}

describe('durable-functions internals used by the local host', () => {
  test('package.json pins durable-functions to exactly the version the host was built against', () => {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as {
      dependencies: Record<string, string>;
    };
    assert.equal(pkg.dependencies['durable-functions'], pinnedDurableFunctionsVersion);
    assert.equal(installedDurableFunctionsVersion(), pinnedDurableFunctionsVersion);
  });

  test('the internal Orchestrator, executor and replay schema modules are where the host expects', () => {
    for (const path of Object.values(internalPaths)) assert.ok(require.resolve(path));
    const proto = executorPrototype();
    assert.equal(typeof proto.trackOpenTask, 'function');
    assert.equal(typeof proto.recordFireAndForgetAction, 'function');
    assert.ok(latestReplaySchema() >= 3);
  });

  test('the internal Orchestrator replays a host JSON history and reports the task ids it assigned', async () => {
    const { Orchestrator } = require(internalPaths.orchestrator) as {
      Orchestrator: OrchestratorClass;
    };
    const listener = new Orchestrator(function* (context) {
      const a = (yield context.df.callActivity('double', 2)) as number;
      const [b, c] = (yield context.df.Task.all([
        context.df.callActivity('double', a),
        context.df.callActivity('double', 1),
      ])) as number[];
      return a + (b ?? 0) + (c ?? 0);
    }).listen();
    const t = new Date('2026-11-26T10:00:00Z');
    const history = [
      historyEvent.orchestratorStarted(t),
      historyEvent.executionStarted(t, {
        name: 'o',
        input: 'null',
        instanceId: 'i',
        executionId: 'e',
      }),
      historyEvent.taskScheduled(t, 0, 'double', '2'),
      historyEvent.orchestratorCompleted(t),
      historyEvent.orchestratorStarted(t),
      historyEvent.taskCompleted(t, 0, '4'),
    ].map((e) => JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
    const trigger = {
      history,
      instanceId: 'i',
      isReplaying: false,
      upperSchemaVersion: latestReplaySchema(),
      input: null,
    };
    const context = {};
    const tasks = recordTasksOn(context);
    const state = await listener(trigger, context);
    assert.equal(state.isDone, false);
    assert.deepEqual(
      tasks.map((t) => t.id),
      [0, 1, 2],
    );

    history.push(historyEvent.taskCompleted(t, 2, '2'), historyEvent.taskCompleted(t, 1, '8'));
    const done = await listener({ ...trigger, history }, {});
    assert.deepEqual([done.isDone, done.output], [true, 14]);
    assert.equal(EventType.TaskCompleted, 5);
  });
});
