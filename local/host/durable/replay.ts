// One orchestrator run: the registered handler (durable-functions' Orchestrator) replays the
// history, and the host gets back the library's OrchestratorState plus the task ids it assigned.
import { invoke } from '../invoke.js';
import type { FunctionRegistration, HostLogger } from '../types.js';
import type { HistoryEvent } from './history-events.js';
import { EventType } from './history-events.js';
import { latestReplaySchema } from './internals.js';
import type { InternalAction } from './internals.js';
import { recordTasksOn } from './task-recorder.js';
import type { RecordedTask } from './task-recorder.js';

/** The OrchestratorState fields the host reads (orchestrations/OrchestratorState.js). */
export interface OrchestratorState {
  readonly isDone: boolean;
  readonly actions: unknown[];
  readonly output?: unknown;
  readonly customStatus?: unknown;
  readonly error?: string;
}

export type ReplayOutcome =
  | { readonly kind: 'state'; readonly state: OrchestratorState; readonly tasks: RecordedTask[] }
  | {
      readonly kind: 'failed';
      readonly message: string;
      readonly customStatus: unknown;
      readonly tasks: RecordedTask[];
    };

export interface ReplayRequest {
  readonly fn: FunctionRegistration;
  readonly instanceId: string;
  readonly input: unknown;
  readonly history: readonly HistoryEvent[];
  readonly logger: HostLogger;
  readonly quiet?: boolean;
}

const outOfProcDataLabel = '\n\n$OutOfProcData$:';
/** Far beyond any local run, so durable-functions never splits a timer into LongTimerTasks. */
const maximumShortTimerDuration = '36500.00:00:00';

export async function replay(request: ReplayRequest): Promise<ReplayOutcome> {
  const trigger = {
    history: markPlayed(request.history),
    input: request.input,
    instanceId: request.instanceId,
    isReplaying: false,
    upperSchemaVersion: latestReplaySchema(),
    upperSchemaVersionNew: latestReplaySchema(),
    maximumShortTimerDuration,
    longRunningTimerIntervalDuration: '3.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30_000,
  };
  let tasks: RecordedTask[] = [];
  const outcome = await invoke(request.fn, trigger, {
    logger: request.logger,
    quiet: request.quiet ?? false,
    prepareContext: (context) => {
      tasks = recordTasksOn(context);
    },
  });
  if (outcome.ok) return { kind: 'state', state: outcome.value as OrchestratorState, tasks };
  return { kind: 'failed', ...splitFailure(outcome.error), tasks };
}

/** The final actions list, flattened (WhenAll/WhenAny nest their children). */
export function flattenActions(actions: unknown): InternalAction[] {
  if (!Array.isArray(actions)) {
    const action = actions as InternalAction & { compoundActions?: unknown[] };
    return action.compoundActions ? flattenActions(action.compoundActions) : [action];
  }
  return actions.flatMap((a) => flattenActions(a));
}

function splitFailure(error: unknown): { message: string; customStatus: unknown } {
  const text = error instanceof Error ? error.message : String(error);
  const at = text.indexOf(outOfProcDataLabel);
  if (at < 0) return { message: text, customStatus: null };
  // durable-functions 3.5.0 passes `orchestratorReturned` where the error belongs, so the text
  // before the label is "false"; the orchestrator's own message is the state's `error`.
  try {
    const state = JSON.parse(text.slice(at + outOfProcDataLabel.length)) as OrchestratorState;
    return { message: state.error ?? text.slice(0, at), customStatus: state.customStatus ?? null };
  } catch {
    return { message: text.slice(0, at), customStatus: null };
  }
}

/** Events before the last OrchestratorStarted were seen by an earlier run. Returns copies. */
function markPlayed(history: readonly HistoryEvent[]): HistoryEvent[] {
  let lastStart = -1;
  history.forEach((e, i) => {
    if (e.EventType === EventType.OrchestratorStarted) lastStart = i;
  });
  return history.map((e, i) => ({ ...e, IsPlayed: i < lastStart }));
}
