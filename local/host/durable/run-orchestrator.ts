// One orchestrator run for an episode: find the registered orchestrator named by the history's
// ExecutionStarted, replay it, and plan what the episode commits.
import type { Registry } from '../registry.js';
import type { HostLogger } from '../types.js';
import type { EpisodePlan } from './episode-plan.js';
import { planEpisode } from './episode-plan.js';
import type { HistoryEvent } from './history-events.js';
import { EventType, textField } from './history-events.js';
import { replay } from './replay.js';
import type { ReplayOutcome } from './replay.js';

export interface RunDeps {
  readonly registry: Registry;
  readonly logger: HostLogger;
  readonly quiet?: boolean;
}

export async function runOrchestrator(
  deps: RunDeps,
  instanceId: string,
  history: HistoryEvent[],
  now: Date,
): Promise<EpisodePlan> {
  const started = history.find((e) => e.EventType === EventType.ExecutionStarted);
  const name = textField(started, 'Name', '');
  const fn = deps.registry.get(name);
  const outcome: ReplayOutcome =
    !fn || fn.kind !== 'orchestration'
      ? {
          kind: 'failed',
          message: `The orchestrator function '${name}' is not registered.`,
          customStatus: null,
          tasks: [],
        }
      : await replay({
          fn,
          instanceId,
          input: JSON.parse(textField(started, 'Input', 'null')) as unknown,
          history,
          logger: deps.logger,
          quiet: deps.quiet ?? false,
        });
  return planEpisode(history, outcome, now);
}
