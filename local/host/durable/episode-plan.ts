// Turns one replay into what the episode commits: the new scheduling events (one per task id
// durable-functions assigned that the history does not hold yet), the work to start after the
// commit, and the status the instance is left in. Pure: time comes in as an argument.
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

export type Job =
  | {
      readonly type: 'activity';
      readonly id: number;
      readonly name: string;
      readonly input: string;
    }
  | { readonly type: 'timer'; readonly id: number; readonly fireAt: string }
  | {
      readonly type: 'failNow';
      readonly id: number;
      readonly reason: string;
      readonly details: string;
    };

export interface EpisodePlan {
  readonly events: HistoryEvent[];
  readonly jobs: Job[];
  readonly status: RuntimeStatus;
  readonly customStatus: unknown;
  readonly output: unknown;
}

export function planEpisode(
  history: readonly HistoryEvent[],
  outcome: ReplayOutcome,
  now: Date,
): EpisodePlan {
  if (outcome.kind === 'failed') return failed(outcome.message, outcome.customStatus, now);
  const scheduled = new Map(history.filter(isSchedulingEvent).map((e) => [e.EventId, e]));
  const events: HistoryEvent[] = [];
  const jobs: Job[] = [];
  const customStatus = outcome.state.customStatus ?? null;
  for (const recorded of [...outcome.tasks].sort((a, b) => a.id - b.id)) {
    const step = describe(recorded, history, now);
    if (typeof step === 'string') return failed(step, customStatus, now);
    const existing = scheduled.get(recorded.id);
    if (existing) {
      const mismatch = nonDeterminism(existing, step.event, recorded.id);
      if (mismatch) return failed(mismatch, customStatus, now);
      continue;
    }
    events.push(step.event);
    jobs.push(step.job);
  }
  return finish(outcome.state, events, jobs, customStatus, now);
}

function finish(
  state: Extract<ReplayOutcome, { kind: 'state' }>['state'],
  events: HistoryEvent[],
  jobs: Job[],
  customStatus: unknown,
  now: Date,
): EpisodePlan {
  if (!state.isDone) return { events, jobs, status: 'Running', customStatus, output: null };
  // continueAsNew ends the replay as done, with its action among the others.
  const continued = flattenActions(state.actions).find(
    (a) => a.actionType === ActionType.ContinueAsNew,
  );
  if (continued) return failed(unsupported(continued), customStatus, now);
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
  now: Date,
): Step | string {
  // Fire-and-forget actions are signalEntity and the release of entity locks: none runs here.
  if (recorded.kind === 'fireAndForget') return unsupported(recorded.action);
  const { task, id } = recorded;
  const action = task.actionObj;
  // A retry's NoOpTask carries the string "noOp" where other tasks carry an action object.
  if (action && typeof action === 'object') return describeAction(action, id, now);
  const chain = task.parent;
  const retryAction = chain?.actionObj;
  if (!chain?.children || !retryAction?.retryOptions) {
    return `Task ${id} has no action and no retry parent; this durable-functions version is not supported.`;
  }
  return describeRetryStep(chain, retryAction, task, id, history, now);
}

function describeAction(action: InternalAction, id: number, at: Date): Step | string {
  switch (action.actionType) {
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      return activityStep(at, id, action.functionName ?? '', inputText(action.input));
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
  now: Date,
): Step | string {
  if (action.actionType !== ActionType.CallActivityWithRetry) return unsupported(action);
  const children = chain.children ?? [];
  const index = children.indexOf(task);
  const first = history.find((e) => isSchedulingEvent(e) && e.EventId === children[0]?.id);
  const elapsed = first ? now.getTime() - Date.parse(first.Timestamp) : 0;
  const options = action.retryOptions ?? {
    firstRetryIntervalInMilliseconds: 1,
    maxNumberOfAttempts: 1,
  };
  const decision = retryDelay(options, Math.ceil(index / 2), elapsed);
  if (index % 2 === 1) {
    const fireAt = new Date(now.getTime() + decision.delayMs);
    return {
      event: historyEvent.timerCreated(now, id, fireAt),
      job: { type: 'timer', id, fireAt: fireAt.toISOString() },
    };
  }
  const step = activityStep(now, id, action.functionName ?? '', inputText(action.input));
  if (decision.keepTrying) return step;
  const lastFailure = history.find(
    (e) => e.TaskScheduledId === children[index - 2]?.id && e.EventType === EventType.TaskFailed,
  );
  const reason =
    typeof lastFailure?.Reason === 'string' ? lastFailure.Reason : 'Retry timeout expired.';
  return {
    event: step.event,
    job: { type: 'failNow', id, reason, details: 'Retry timeout expired.' },
  };
}

function activityStep(at: Date, id: number, name: string, input: string): Step {
  return {
    event: historyEvent.taskScheduled(at, id, name, input),
    job: { type: 'activity', id, name, input },
  };
}

/** durable-functions already JSON-encoded a string activity input. */
function inputText(input: unknown): string {
  return typeof input === 'string' ? input : toJsonText(input);
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
    [ActionType.CallSubOrchestrator]: 'callSubOrchestrator',
    [ActionType.CallSubOrchestratorWithRetry]: 'callSubOrchestratorWithRetry',
    [ActionType.ContinueAsNew]: 'continueAsNew',
    [ActionType.CallEntity]: 'callEntity',
    [ActionType.SignalEntity]: 'signalEntity',
    [ActionType.LockEntities]: 'lock',
    [ActionType.ReleaseEntities]: 'lock release',
    [ActionType.CallHttp]: 'callHttp',
  };
  const what = names[action.actionType] ?? `action type ${action.actionType}`;
  return `The local host does not support ${what} in orchestrations.`;
}
