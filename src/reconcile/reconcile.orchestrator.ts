// The Durable orchestrator that reconciles one environment, coalescing bursts of changes.
import type { OrchestrationContext, Task } from 'durable-functions';
import { resultOf, scheduleActivity } from '../workflows/activity.js';
import type { Workflow } from '../workflows/workflow.js';
import { reconcileActivity } from './reconcile.activities.js';
import type { ReconcileReport } from './reconcile.js';

export const RECONCILE_ORCHESTRATOR = 'reconcileEnvironment';
/** Raised on a running reconcile instance when another change arrives. */
export const CHANGED_EVENT = 'changed';

export interface ReconcileInput {
  environment: string;
  spec: unknown;
  /** How long to let a burst of events settle before reading the groups. */
  coalesceSeconds: number;
  reason: string;
}

/** How long a finished pass keeps listening for a change that came in just as it ended. */
const GRACE_SECONDS = 1;

/**
 * One reconcile per environment at a time (instance `reconcile-<environment>`), so the gateway has
 * one writer:
 * 1. wait a moment, so that a burst of events (a restart is an action and then a write) becomes one pass;
 * 2. reconcile (RECONCILE_RETRY): DNS records and backend pools follow the groups' IPs, writing
 *    only what differs, while listening for another change (Durable only delivers events to
 *    tasks it waits on);
 * 3. after the pass, listen a little longer, so a change signalled as the pass ended is not lost;
 * 4. when a change came in, go again; otherwise finish.
 */
export function* reconcileOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ReconcileReport, unknown> {
  const input = context.df.getInput<ReconcileInput>();
  const after = (seconds: number) =>
    new Date(context.df.currentUtcDateTime.getTime() + seconds * 1000);
  for (let pass = 1; ; pass++) {
    if (input.coalesceSeconds > 0) yield context.df.createTimer(after(input.coalesceSeconds));
    const reconcile = scheduleActivity(context, reconcileActivity, { spec: input.spec });
    const changed = context.df.waitForExternalEvent(CHANGED_EVENT);
    let again = (yield context.df.Task.any([reconcile, changed])) === changed;
    yield reconcile;
    const report = resultOf(reconcileActivity, reconcile);
    context.df.setCustomStatus({ reason: input.reason, pass, summary: report.summary });
    if (!again) {
      const grace = context.df.createTimer(after(GRACE_SECONDS));
      again = (yield context.df.Task.any([changed, grace])) === changed;
      if (again) grace.cancel();
    }
    if (!again) return report;
  }
}

export const reconcileWorkflow: Workflow = {
  orchestrator: RECONCILE_ORCHESTRATOR,
  run: reconcileOrchestrator,
  activities: [reconcileActivity],
};
