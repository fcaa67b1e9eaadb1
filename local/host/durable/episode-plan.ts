// Turns one replay into what the episode commits: the new scheduling events (one per task id
// durable-functions assigned that the history does not hold yet), the work to start after the
// commit, and the status the instance is left in. Pure: time and ids come in as arguments.
import type { HistoryEvent } from './history-events.js';
import {
  EventType,
  historyEvent,
  isSchedulingEvent,
  textField,
  toJsonText,
} from './history-events.js';
import type { RuntimeStatus } from './history-store.js';
import { ActionType } from './internals.js';
import type { InternalAction, InternalTask } from './internals.js';
import { flattenActions } from './replay.js';
import type { ReplayOutcome } from './replay.js';
import { retryDelay } from './retry.js';
import type { RecordedTask } from './task-recorder.js';
import type { EntityRequest } from './entity-store.js';

export type Job =
  | {
      readonly type: 'activity';
      readonly id: number;
      readonly name: string;
      readonly input: string;
    }
  | { readonly type: 'timer'; readonly id: number; readonly fireAt: string }
  | {
      readonly type: 'subOrchestration';
      readonly id: number;
      readonly name: string;
      readonly instanceId: string;
      readonly input: string;
    }
  | {
      readonly type: 'failNow';
      readonly id: number;
      readonly reason: string;
      readonly details: string;
    }
  | {
      readonly type: 'entity';
      readonly id: number;
      readonly entity: string;
      readonly request: EntityRequest;
    };

export interface EpisodePlan {
  readonly events: HistoryEvent[];
  readonly jobs: Job[];
  readonly status: RuntimeStatus;
  readonly customStatus: unknown;
  readonly output: unknown;
  /** JSON text of the next execution's input when the orchestrator called continueAsNew. */
  readonly continueAsNew?: string;
}

export interface PlanContext {
  readonly instanceId: string;
  readonly executionId: string;
  readonly now: Date;
}

export function planEpisode(
  history: readonly HistoryEvent[],
  outcome: ReplayOutcome,
  ctx: PlanContext,
): EpisodePlan {
  if (outcome.kind === 'failed') return failed(outcome.message, outcome.customStatus, ctx.now);
  const scheduled = new Map(history.filter(isSchedulingEvent).map((e) => [e.EventId, e]));
  const events: HistoryEvent[] = [];
  const jobs: Job[] = [];
  const customStatus = outcome.state.customStatus ?? null;
  for (const recorded of [...outcome.tasks].sort((a, b) => a.id - b.id)) {
    const step = describe(recorded, history, ctx);
    if (typeof step === 'string') return failed(step, customStatus, ctx.now);
    const existing = scheduled.get(recorded.id);
    if (existing) {
      const mismatch = nonDeterminism(existing, step.event, recorded.id);
      if (mismatch) return failed(mismatch, customStatus, ctx.now);
      continue;
    }
    events.push(step.event);
    jobs.push(step.job);
  }
  return finish(outcome.state, events, jobs, customStatus, ctx.now);
}

function finish(
  state: Extract<ReplayOutcome, { kind: 'state' }>['state'],
  events: HistoryEvent[],
  jobs: Job[],
  customStatus: unknown,
  now: Date,
): EpisodePlan {
  if (!state.isDone) return { events, jobs, status: 'Running', customStatus, output: null };
  const continued = flattenActions(state.actions).find(
    (a) => a.actionType === ActionType.ContinueAsNew,
  );
  if (continued) {
    return {
      events,
      jobs: [],
      status: 'ContinuedAsNew',
      customStatus,
      output: null,
      continueAsNew: inputText(continued.input, true),
    };
  }
  const output = state.output ?? null;
  events.push(historyEvent.executionCompleted(now, 'Completed', toJsonText(output)));
  return { events, jobs: [], status: 'Completed', customStatus, output };
}

function failed(message: string, customStatus: unknown, now: Date): EpisodePlan {
  return {
    events: [historyEvent.executionCompleted(now, 'Failed', toJsonText(message))],
    jobs: [],
    status: 'Failed',
    customStatus,
    output: message,
  };
}

type Step = { readonly event: HistoryEvent; readonly job: Job };

/** The scheduling event and job for a recorded task, or the reason it cannot run locally. */
function describe(
  recorded: RecordedTask,
  history: readonly HistoryEvent[],
  ctx: PlanContext,
): Step | string {
  if (recorded.kind === 'fireAndForget') {
    return recorded.action.actionType === ActionType.SignalEntity
      ? entityStep(recorded.action, recorded.id, true, ctx)
      : unsupported(recorded.action);
  }
  const { task, id } = recorded;
  const action = task.actionObj;
  // A retry's NoOpTask carries the string "noOp" where other tasks carry an action object.
  if (action && typeof action === 'object') return describeAction(action, id, ctx);
  const chain = task.parent;
  const retryAction = chain?.actionObj;
  if (!chain?.children || !retryAction?.retryOptions) {
    return `Task ${id} has no action and no retry parent; this durable-functions version is not supported.`;
  }
  return describeRetryStep(chain, retryAction, task, id, history, ctx);
}

function describeAction(action: InternalAction, id: number, ctx: PlanContext): Step | string {
  const at = ctx.now;
  switch (action.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      return activityStep(at, id, action.functionName ?? '', inputText(action.input, true));
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      return subStep(at, id, action, ctx.instanceId);
    case ActionType.CallEntity:
      return entityStep(action, id, false, ctx);
    case ActionType.CreateTimer: {
      const fireAt = action.fireAt ?? at;
      return {
        event: historyEvent.timerCreated(at, id, fireAt),
        job: { type: 'timer', id, fireAt: fireAt.toISOString() },
      };
    }
    default:
      return unsupported(action);
  }
}

/**
 * durable-functions' RetryableTask tracks, after each failed attempt, a timer and then the next
 * attempt as children [attempt1, timer1, attempt2, timer2, ...] of the retry task.
 */
function describeRetryStep(
  chain: InternalTask,
  action: InternalAction,
  task: InternalTask,
  id: number,
  history: readonly HistoryEvent[],
  ctx: PlanContext,
): Step | string {
  const children = chain.children ?? [];
  const index = children.indexOf(task);
  const first = history.find((e) => isSchedulingEvent(e) && e.EventId === children[0]?.id);
  const elapsed = first ? ctx.now.getTime() - Date.parse(first.Timestamp) : 0;
  const options = action.retryOptions ?? {
    firstRetryIntervalInMilliseconds: 1,
    maxNumberOfAttempts: 1,
  };
  const decision = retryDelay(options, Math.ceil(index / 2), elapsed);
  if (index % 2 === 1) {
    const fireAt = new Date(ctx.now.getTime() + decision.delayMs);
    return {
      event: historyEvent.timerCreated(ctx.now, id, fireAt),
      job: { type: 'timer', id, fireAt: fireAt.toISOString() },
    };
  }
  const step =
    action.actionType === ActionType.CallActivityWithRetry
      ? activityStep(ctx.now, id, action.functionName ?? '', inputText(action.input, true))
      : subStep(ctx.now, id, action, ctx.instanceId);
  if (decision.keepTrying || typeof step === 'string') return step;
  const lastFailure = history.find(
    (e) => e.TaskScheduledId === children[index - 2]?.id && isFailure(e),
  );
  const reason =
    typeof lastFailure?.Reason === 'string' ? lastFailure.Reason : 'Retry timeout expired.';
  return {
    event: step.event,
    job: { type: 'failNow', id, reason, details: 'Retry timeout expired.' },
  };
}

/** A call or signal to an entity: an EventSent whose Input carries the request id to answer. */
function entityStep(action: InternalAction, id: number, signal: boolean, ctx: PlanContext): Step {
  const entity = action.instanceId ?? '';
  const request: EntityRequest = {
    id: `${ctx.instanceId}:${ctx.executionId}:${id}`,
    op: action.operation ?? '',
    input: action.input === undefined ? undefined : toJsonText(action.input),
    signal,
    ...(signal ? {} : { parentInstanceId: ctx.instanceId }),
  };
  return {
    event: historyEvent.eventSent(ctx.now, id, entity, request.op, JSON.stringify(request)),
    job: { type: 'entity', id, entity, request },
  };
}

function activityStep(at: Date, id: number, name: string, input: string): Step {
  return {
    event: historyEvent.taskScheduled(at, id, name, input),
    job: { type: 'activity', id, name, input },
  };
}

function subStep(at: Date, id: number, action: InternalAction, parentId: string): Step {
  const name = action.functionName ?? '';
  const instanceId = action.instanceId || `${parentId}:${id}`;
  const input = inputText(action.input, false);
  return {
    event: historyEvent.subOrchestrationCreated(at, id, name, instanceId, input),
    job: { type: 'subOrchestration', id, name, instanceId, input },
  };
}

/** Activity and continueAsNew inputs were already JSON-encoded by durable-functions if strings. */
function inputText(input: unknown, stringsAreEncoded: boolean): string {
  return stringsAreEncoded && typeof input === 'string' ? input : toJsonText(input);
}

function isFailure(e: HistoryEvent): boolean {
  return (
    e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed
  );
}

function nonDeterminism(
  existing: HistoryEvent,
  replayed: HistoryEvent,
  id: number,
): string | undefined {
  if (existing.EventType === replayed.EventType && existing.Name === replayed.Name)
    return undefined;
  const was = `${existing.EventType}:${textField(existing, 'Name', '')}`;
  const now = `${replayed.EventType}:${textField(replayed, 'Name', '')}`;
  return `Non-deterministic orchestrator: task ${id} was ${was} in the history but the replay scheduled ${now}.`;
}

function unsupported(action: InternalAction): string {
  const names: Record<number, string> = {
    [ActionType.CallEntity]: 'callEntity',
    [ActionType.SignalEntity]: 'signalEntity',
    [ActionType.LockEntities]: 'lock',
    [ActionType.ReleaseEntities]: 'lock release',
    [ActionType.CallHttp]: 'callHttp',
  };
  const what = names[action.actionType] ?? `action type ${action.actionType}`;
  return `The local host does not support ${what} in orchestrations.`;
}
