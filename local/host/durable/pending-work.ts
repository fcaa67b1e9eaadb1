// Work an instance was waiting for when its host stopped: scheduling events with no completion in
// the history or the inbox. Resuming re-starts exactly these, so a completion that reached the disk
// is never run again. Pure.
import type { HistoryEvent } from './history-events.js';
import { completedId, EventType, textField } from './history-events.js';
import type { InstanceSnapshot } from './history-store.js';
import type { Job } from './episode-plan.js';

export function pendingJobs(snapshot: InstanceSnapshot): Job[] {
  const done = new Set<number>();
  for (const e of [...snapshot.history, ...snapshot.inbox.map((m) => m.event)]) {
    const id = completedId(e);
    if (id !== undefined) done.add(id);
  }
  return snapshot.history.flatMap((e) => (done.has(e.EventId) ? [] : jobOf(e)));
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
    default:
      return [];
  }
}
