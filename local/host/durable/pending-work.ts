// Work an instance was waiting for when its host stopped: scheduling events of the current
// execution with no completion in the history or the inbox. Resuming re-starts exactly these,
// so a completion that reached the disk is never run again. Pure.
import type { HistoryEvent } from './history-events.js';
import { completedId, EventType, textField } from './history-events.js';
import type { InstanceSnapshot } from './history-store.js';
import type { Job } from './episode-plan.js';
import type { EntityRequest } from './entity-store.js';

export function pendingJobs(snapshot: InstanceSnapshot): Job[] {
  const done = new Set<number>();
  const raised = new Set<string>();
  for (const e of [...snapshot.history, ...snapshot.inbox.map((m) => m.event)]) {
    const id = completedId(e);
    if (id !== undefined) done.add(id);
    if (e.EventType === EventType.EventRaised) raised.add(textField(e, 'Name', ''));
  }
  return snapshot.history.flatMap((e) => {
    if (e.EventType === EventType.EventSent) return entityJob(e, raised);
    return done.has(e.EventId) ? [] : jobOf(e);
  });
}

/** Signals are always re-sent (the entity drops ids it has seen); calls until answered. */
function entityJob(e: HistoryEvent, raised: ReadonlySet<string>): Job[] {
  const request = JSON.parse(textField(e, 'Input', '{}')) as EntityRequest;
  if (!request.signal && raised.has(request.id)) return [];
  return [{ type: 'entity', id: e.EventId, entity: textField(e, 'InstanceId', ''), request }];
}

function jobOf(e: HistoryEvent): Job[] {
  switch (e.EventType) {
    case EventType.TaskScheduled:
      return [
        {
          type: 'activity',
          id: e.EventId,
          name: textField(e, 'Name', ''),
          input: textField(e, 'Input', 'null'),
        },
      ];
    case EventType.TimerCreated:
      return [{ type: 'timer', id: e.EventId, fireAt: textField(e, 'FireAt', '') }];
    case EventType.SubOrchestrationInstanceCreated:
      return [
        {
          type: 'subOrchestration',
          id: e.EventId,
          name: textField(e, 'Name', ''),
          instanceId: textField(e, 'InstanceId', ''),
          input: textField(e, 'Input', 'null'),
        },
      ];
    default:
      return [];
  }
}
