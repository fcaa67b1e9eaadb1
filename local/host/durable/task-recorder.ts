// Reads the sequence numbers durable-functions assigns to tasks during a replay. Completion events
// must carry exactly those numbers (TaskScheduledId / TimerId), so rather than re-deriving the
// library's numbering (retries, Task.all/any) the host wraps `trackOpenTask` and records each
// fresh id with its task. `recordFireAndForgetAction` is wrapped too: its actions (signalEntity,
// entity lock release) leave no task behind, and the host must see them to refuse them.
//
// The wrapping is done on the executor of the one replay, not on the library's class: durable-
// functions' Orchestrator sets `context.df` to a DurableOrchestrationContext holding the replay's
// TaskOrchestrationExecutor (`taskOrchestratorExecutor`) before it executes the orchestrator
// (orchestrations/Orchestrator.js, 3.5.0), and the host catches that assignment. So the app's own
// copy of durable-functions is recorded, whichever it is: node_modules' for the sources, or the
// one bundled into the app that ships (scripts/build-functions.js).
import type { ExecutorInstance, InternalAction, InternalTask } from './internals.js';

export type RecordedTask =
  | { readonly id: number; readonly kind: 'task'; readonly task: InternalTask }
  | { readonly id: number; readonly kind: 'fireAndForget'; readonly action: InternalAction };

/**
 * Makes `context` record the tasks of the replay durable-functions runs on it, and answers the
 * list they are recorded into. Call before the orchestration handler gets the context.
 */
export function recordTasksOn(context: object): RecordedTask[] {
  const tasks: RecordedTask[] = [];
  let df: unknown;
  Object.defineProperty(context, 'df', {
    configurable: true,
    enumerable: true,
    get: () => df,
    set: (value: unknown) => {
      df = value;
      record(executorOf(value), tasks);
    },
  });
  return tasks;
}

function executorOf(df: unknown): ExecutorInstance {
  const executor = (df as { taskOrchestratorExecutor?: ExecutorInstance } | undefined)
    ?.taskOrchestratorExecutor;
  if (typeof executor?.trackOpenTask !== 'function') {
    throw new Error(
      'durable-functions no longer keeps its executor in context.df.taskOrchestratorExecutor; the local host needs the version package.json pins.',
    );
  }
  return executor;
}

function record(executor: ExecutorInstance, tasks: RecordedTask[]): void {
  const track = executor.trackOpenTask;
  const fireAndForget = executor.recordFireAndForgetAction;
  executor.trackOpenTask = function trackOpenTask(this: ExecutorInstance, task: InternalTask) {
    const fresh = task.id === false && !Array.isArray(task.children);
    track.call(this, task);
    if (fresh && typeof task.id === 'number') tasks.push({ id: task.id, kind: 'task', task });
  };
  executor.recordFireAndForgetAction = function recordFireAndForgetAction(
    this: ExecutorInstance,
    action: InternalAction,
    increment?: number,
  ) {
    if (!this.willContinueAsNew) {
      tasks.push({ id: this.sequenceNumber, kind: 'fireAndForget', action });
    }
    fireAndForget.call(this, action, increment);
  };
}
