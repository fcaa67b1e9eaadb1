// How an orchestrator announces an event: one call of the notify activity, whose outcome is ignored.
import type { OrchestrationContext, Task } from 'durable-functions';
import { scheduleActivity } from '../workflows/activity.js';
import { notifyActivity } from './notify.activity.js';
import type { NotificationEvent } from './types.js';

/**
 * Sends `event` and waits for the attempt to end (at most NOTIFY_DELIVERY's minute in Azure),
 * never failing: whatever the activity answers, or if it throws, the orchestration carries on as
 * if there were no notification, with the same result. Call it after the workflow's status is
 * final. Why it is waited for rather than fired and forgotten: README "Design decisions". Use
 * with `yield*`.
 */
export function* notify(
  context: OrchestrationContext,
  event: NotificationEvent,
  traceParent?: string,
): Generator<Task, void, unknown> {
  const scope = { environment: event.environment, ...(traceParent ? { traceParent } : {}) };
  try {
    yield scheduleActivity(context, notifyActivity, { event }, scope);
  } catch {
    // The activity logged why; a notification never changes the outcome of what it reports.
  }
}
