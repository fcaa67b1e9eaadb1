// The one context every handler receives: state, clock, configuration, randomness, the
// long-running operation engine and the resource-event channel into Event Grid.
import { randomUUID } from 'node:crypto';
import { queueResourceEvent } from '../providers/event-grid/delivery.js';
import type { Clock } from './clock.js';
import type {
  AsyncOperation,
  EmulatorConfig,
  EmulatorState,
  OperationError,
  OperationSpec,
  ResourceEventSpec,
} from './model.js';
import { OperationEngine } from './operation-engine.js';

/** What handlers read and the side effects they may request. */
export interface EmulatorContext {
  state: EmulatorState;
  clock: Clock;
  config: EmulatorConfig;
  random: () => number;
  newId: () => string;
  /** Runs due operation completions; called before each request. */
  settle: () => void;
  startOperation: (op: OperationSpec) => AsyncOperation;
  cancelOperation: (id: string, error: OperationError) => void;
  /** Ends an operation now: runs its completion, or marks it Failed with `error`. */
  finishOperation: (id: string, error?: OperationError) => void;
  /** When the next operation or Event Grid delivery is due; the edge's pump sleeps until then. */
  nextDueAt: () => number | undefined;
  /**
   * ARM publishes every resource write, delete and action to Event Grid, so this channel queues
   * the deliveries of the Event Grid provider directly.
   */
  emitResourceEvent: (event: ResourceEventSpec) => void;
}

export function createContext(
  state: EmulatorState,
  clock: Clock,
  config: EmulatorConfig,
  random: () => number = Math.random,
): EmulatorContext {
  const operations = new OperationEngine(() => ctx.state, clock);
  const ctx: EmulatorContext = {
    state,
    clock,
    config,
    random,
    newId: () => randomUUID(),
    startOperation: (spec) => operations.start(spec),
    settle: () => operations.settle(),
    cancelOperation: (id, error) => operations.cancel(id, error),
    finishOperation: (id, error) => operations.finish(id, error),
    nextDueAt: () => operations.nextDueAt(),
    emitResourceEvent: (event) => queueResourceEvent(ctx, event),
  };
  return ctx;
}
