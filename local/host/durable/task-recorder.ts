// Reads the sequence numbers durable-functions assigns to tasks during a replay. Completion events
// must carry exactly those numbers (TaskScheduledId / TimerId), so rather than re-deriving the
// library's numbering (retries, Task.all/any) the host wraps `trackOpenTask` and records each
// fresh id with its task. `recordFireAndForgetAction` is wrapped too: its actions (signalEntity,
// entity lock release) leave no task behind, and the host must see them to refuse them.
// A replay runs synchronously inside the handler call, so one active recording at a time suffices.
import { executorPrototype } from './internals.js';
import type { ExecutorInstance, InternalAction, InternalTask } from './internals.js';

export type RecordedTask =
  | { readonly id: number; readonly kind: 'task'; readonly task: InternalTask }
  | { readonly id: number; readonly kind: 'fireAndForget'; readonly action: InternalAction };

let active: RecordedTask[] | undefined;
let installed = false;

function install(): void {
  if (installed) return;
  const proto = executorPrototype();
  const track = proto.trackOpenTask;
  const fireAndForget = proto.recordFireAndForgetAction;
  proto.trackOpenTask = function trackOpenTask(this: ExecutorInstance, task: InternalTask) {
    const fresh = task.id === false && !Array.isArray(task.children);
    track.call(this, task);
    if (fresh && active && typeof task.id === 'number')
      active.push({ id: task.id, kind: 'task', task });
  };
  proto.recordFireAndForgetAction = function recordFireAndForgetAction(
    this: ExecutorInstance,
    action: InternalAction,
    increment?: number,
  ) {
    if (active && !this.willContinueAsNew) {
      active.push({ id: this.sequenceNumber, kind: 'fireAndForget', action });
    }
    fireAndForget.call(this, action, increment);
  };
  installed = true;
}

/** Runs `start` (which must replay synchronously) and returns what it returned plus the ids. */
export function recordTasks<T>(start: () => T): { result: T; tasks: RecordedTask[] } {
  install();
  if (active) throw new Error('A replay is already being recorded; replays must not nest.');
  const tasks: RecordedTask[] = [];
  active = tasks;
  try {
    return { result: start(), tasks };
  } finally {
    active = undefined;
  }
}
