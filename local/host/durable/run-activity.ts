// Runs one scheduled activity and turns its outcome into the completion event the orchestrator
// will see. A thrown error reaches the orchestrator as durable-functions builds it from
// Reason/Details: an Error whose message is the activity's message.
import { invoke } from '../invoke.js';
import { errorMessage } from '../logs.js';
import type { Registry } from '../registry.js';
import type { Clock, FunctionRegistration, HostLogger } from '../types.js';
import type { Job } from './episode-plan.js';
import type { HistoryEvent } from './history-events.js';
import { historyEvent, toJsonText } from './history-events.js';

export interface ActivityDeps {
  readonly registry: Registry;
  readonly clock: Clock;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration) => Record<string, unknown>;
  readonly quiet?: boolean;
}

export async function runActivity(
  job: Job & { type: 'activity' },
  deps: ActivityDeps,
): Promise<HistoryEvent> {
  const fn = deps.registry.get(job.name);
  if (!fn || fn.kind !== 'activity') {
    return historyEvent.taskFailed(
      deps.clock.now(),
      job.id,
      `The activity function '${job.name}' is not registered.`,
      '',
    );
  }
  const result = await invoke(fn, JSON.parse(job.input) as unknown, {
    logger: deps.logger,
    extraInputs: deps.inputsFor(fn),
    quiet: deps.quiet ?? false,
  });
  const now = deps.clock.now();
  if (!result.ok) return historyEvent.taskFailed(now, job.id, errorMessage(result.error), '');
  try {
    return historyEvent.taskCompleted(now, job.id, toJsonText(result.value));
  } catch (err) {
    return historyEvent.taskFailed(
      now,
      job.id,
      `The activity result is not JSON: ${errorMessage(err)}`,
      '',
    );
  }
}
