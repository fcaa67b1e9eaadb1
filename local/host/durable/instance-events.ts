// Events the engine posts between instances: a child's outcome for its parent, an entity's
// answer (or its absence) for a caller, and the episode that records a termination. Pure.
import type { EntityResponse } from './entity-store.js';
import type { HistoryEvent } from './history-events.js';
import { EventType, historyEvent, toJsonText } from './history-events.js';
import type { InstanceSnapshot, StoreRecord } from './history-store.js';

/** SubOrchestrationInstanceCompleted / Failed for the parent of a finished child. */
export function childOutcomeEvent(child: InstanceSnapshot, now: Date): HistoryEvent | undefined {
  const parent = child.parent;
  if (!parent) return undefined;
  if (child.status === 'Completed') {
    return historyEvent.subOrchestrationCompleted(
      now,
      parent.TaskScheduleId,
      toJsonText(child.output),
    );
  }
  const detail = typeof child.output === 'string' ? child.output : JSON.stringify(child.output);
  const what = child.status === 'Terminated' ? 'was terminated' : 'failed';
  const reason = `Sub-orchestration '${child.name}' (${child.instanceId}) ${what}: ${detail}`;
  return historyEvent.subOrchestrationFailed(now, parent.TaskScheduleId, reason, '');
}

/** Whether `existing` is the child this parent task started (a resume, not a new start). */
export function isChildOf(
  existing: InstanceSnapshot | undefined,
  parentId: string,
  taskId: number,
): boolean {
  const parent = existing?.parent;
  return parent?.OrchestrationInstance.InstanceId === parentId && parent.TaskScheduleId === taskId;
}

/** The answer to callEntity on an entity that has no registered function. */
export function entityNotFoundEvent(now: Date, requestId: string, entity: string): HistoryEvent {
  const message = JSON.stringify({
    result: JSON.stringify(`The entity function for '${entity}' is not registered.`),
    exceptionType: 'EntityNotFound',
  });
  return historyEvent.eventRaised(now, requestId, message);
}

/** Whether the instance already holds this entity answer (entities may answer twice). */
export function hasAnswer(snapshot: InstanceSnapshot, response: EntityResponse): boolean {
  return [...snapshot.history, ...snapshot.inbox.map((m) => m.event)].some(
    (e) => e.EventType === EventType.EventRaised && e.Name === response.requestId,
  );
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
