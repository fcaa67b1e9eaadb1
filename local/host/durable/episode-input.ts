// What the next episode of an instance works on, from its snapshot: a termination, or the new
// events (OrchestratorStarted, the instance's start, arrived messages) and the history to replay;
// and the episode record that ends an instance on termination. Pure.
import type { HistoryEvent } from './history-events.js';
import { EventType, historyEvent } from './history-events.js';
import type { InstanceSnapshot, StoreRecord } from './history-store.js';

export type EpisodeInput =
  | { readonly kind: 'terminate'; readonly event: HistoryEvent }
  | {
      readonly kind: 'run';
      readonly newEvents: HistoryEvent[];
      readonly history: HistoryEvent[];
    };

export function episodeInput(snap: InstanceSnapshot, now: Date): EpisodeInput {
  const terminate = snap.inbox.find((m) => m.event.EventType === EventType.ExecutionTerminated);
  if (terminate) return { kind: 'terminate', event: terminate.event };
  // The start goes right after the first OrchestratorStarted, before anything raised meanwhile.
  const start = snap.inbox.find((m) => m.event.EventType === EventType.ExecutionStarted);
  const arrived = snap.inbox.filter((m) => m !== start).map((m) => m.event);
  const newEvents = [
    historyEvent.orchestratorStarted(now),
    ...(start ? [start.event] : []),
    ...arrived,
  ];
  return { kind: 'run', newEvents, history: [...snap.history, ...newEvents] };
}

export function terminationEpisode(
  snapshot: InstanceSnapshot,
  event: HistoryEvent,
  now: Date,
): StoreRecord {
  return {
    k: 'episode',
    consumed: snapshot.inbox.map((m) => m.id),
    events: [historyEvent.orchestratorStarted(now), event, historyEvent.orchestratorCompleted(now)],
    status: 'Terminated',
    customStatus: snapshot.customStatus,
    output: typeof event.Input === 'string' ? event.Input : '',
    at: now.toISOString(),
  };
}
