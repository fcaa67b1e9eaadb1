// The internal modules of durable-functions the host depends on. durable-functions 3.5.0 has no
// public replay API; the registered orchestration handler already wraps
// `lib/src/orchestrations/Orchestrator`, and the host reads the task ids the library assigns from
// the replay's `TaskOrchestrationExecutor` (task-recorder.ts), whichever copy of the library the
// app carries. The version is pinned exactly in package.json, and
// test/integration/host/durable-internals.test.ts fails if these paths or members move.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const pinnedDurableFunctionsVersion = '3.5.0';

export const internalPaths = {
  orchestrator: 'durable-functions/lib/src/orchestrations/Orchestrator',
  executor: 'durable-functions/lib/src/orchestrations/TaskOrchestrationExecutor',
  replaySchema: 'durable-functions/lib/src/orchestrations/ReplaySchema',
} as const;

/** The parts of a durable-functions task the host reads. */
export interface InternalTask {
  id: number | string | false;
  readonly actionObj?: InternalAction;
  readonly parent?: InternalTask;
  readonly children?: InternalTask[];
}

/** An action as durable-functions builds it (actions/*.js). */
export interface InternalAction {
  readonly actionType: number;
  readonly functionName?: string;
  readonly input?: unknown;
  readonly fireAt?: Date;
  readonly retryOptions?: RetryOptionsShape;
}

export interface RetryOptionsShape {
  readonly firstRetryIntervalInMilliseconds: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient?: number;
  readonly maxRetryIntervalInMilliseconds?: number;
  readonly retryTimeoutInMilliseconds?: number;
}

export interface ExecutorPrototype {
  trackOpenTask: (this: ExecutorInstance, task: InternalTask) => void;
  recordFireAndForgetAction: (
    this: ExecutorInstance,
    action: InternalAction,
    increment?: number,
  ) => void;
}

export interface ExecutorInstance extends ExecutorPrototype {
  sequenceNumber: number;
  willContinueAsNew: boolean;
}

/** durable-functions' ActionType enum (actions/ActionType.js). */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

export function executorPrototype(): ExecutorPrototype {
  const mod = require(internalPaths.executor) as {
    TaskOrchestrationExecutor?: { prototype: ExecutorPrototype };
  };
  const proto = mod.TaskOrchestrationExecutor?.prototype;
  if (!proto || typeof proto.trackOpenTask !== 'function') {
    throw new Error(
      `durable-functions moved TaskOrchestrationExecutor.trackOpenTask; the local host needs version ${pinnedDurableFunctionsVersion}.`,
    );
  }
  return proto;
}

/** Replay schema the host announces: the latest one durable-functions knows. */
export function latestReplaySchema(): number {
  const mod = require(internalPaths.replaySchema) as { LatestReplaySchema?: number };
  if (typeof mod.LatestReplaySchema !== 'number') {
    throw new Error('durable-functions no longer exports LatestReplaySchema.');
  }
  return mod.LatestReplaySchema;
}

export function installedDurableFunctionsVersion(): string {
  return (require('durable-functions/package.json') as { version: string }).version;
}
