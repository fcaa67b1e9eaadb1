// Builds the context handed to every handler: state, clock, configuration, the long-running
// operation engine and the Event Grid queue.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import { queueResourceEvent } from './events/event-grid.js';
import { OperationEngine } from './operation-engine.js';
import type { AsyncOperation, EmuContext, EmulatorConfig, EmulatorState } from './types.js';

export interface Engine extends EmuContext {
  nextDueAt: () => number | undefined;
}

export function createContext(
  state: EmulatorState,
  clock: Clock,
  config: EmulatorConfig,
  random: () => number = Math.random,
): Engine {
  const operations = new OperationEngine(() => engine.state, clock);
  const engine: Engine = {
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
    emitResourceEvent: (event) => queueResourceEvent(engine, event),
  };
  return engine;
}

/** The operation still running for a resource, if any. */
export function runningOperation(
  state: EmulatorState,
  resourceId: string,
): AsyncOperation | undefined {
  const id = resourceId.toLowerCase();
  return [...state.operations.values()].find(
    (op) => op.status === 'InProgress' && op.resourceId.toLowerCase() === id,
  );
}
