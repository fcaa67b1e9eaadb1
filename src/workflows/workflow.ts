// The unit functions/ registers: one orchestrator and its activities, named in one place.
import type { OrchestrationContext, Task } from 'durable-functions';
import type { AnyActivity } from './activity.js';

/**
 * A workflow: one orchestrator and the activities it calls. `functions/` registers both from this
 * object, so the Functions host and the orchestrator can never disagree on a name.
 */
export interface Workflow {
  /** The orchestrator's registered name: `startNew` uses it, histories record it. */
  orchestrator: string;
  run: (context: OrchestrationContext) => Generator<Task, unknown, unknown>;
  activities: readonly AnyActivity[];
}
