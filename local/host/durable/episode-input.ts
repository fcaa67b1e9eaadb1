// What the next episode of an instance works on, from its snapshot: a termination, or the new
// events (OrchestratorStarted, a new execution's start, arrived messages) and the history to
// replay. Messages for an earlier execution (before continueAsNew) are consumed but dropped. Pure.
import type { HistoryEvent } from './history-events.js';
import { EventType, historyEvent } from './history-events.js';
import type { InstanceSnapshot } from './history-store.js';

export type EpisodeInput =
  | { readonly kind: 'terminate'; readonly event: HistoryEvent }
  | {
      readonly kind: 'run';
      readonly executionId: string;
      readonly newEvents: HistoryEvent[];
      readonly history: HistoryEvent[];
    };

export function episodeInput(snap: InstanceSnapshot, now: Date): EpisodeInput {
  const terminate = snap.inbox.find((m) => m.event.EventType === EventType.ExecutionTerminated);
  if (terminate) return { kind: 'terminate', event: terminate.event };
  const start = snap.inbox.find((m) => m.event.EventType === EventType.ExecutionStarted);
  const executionId = start ? executionOf(start.event) : snap.executionId;
  const arrived = snap.inbox
    .filter((m) => m !== start && (m.executionId === undefined || m.executionId === executionId))
    .map((m) => m.event);
  const newEvents = [
    historyEvent.orchestratorStarted(now),
    ...(start ? [start.event] : []),
    ...arrived,
  ];
  return {
    kind: 'run',
    executionId,
    newEvents,
    history: start ? newEvents : [...snap.history, ...newEvents],
  };
}

function executionOf(event: HistoryEvent): string {
  return (event.OrchestrationInstance as { ExecutionId?: string } | undefined)?.ExecutionId ?? '';
}
