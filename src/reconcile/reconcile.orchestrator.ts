// The Durable orchestrator that reconciles one environment, coalescing bursts of changes.
import type { OrchestrationContext, Task } from 'durable-functions';
import { failureText } from '../errors.js';
import { notify, notifyActivity } from '../notifications/index.js';
import { NOT_READY_WAIT, type NotReadyWait } from '../retry-policies.js';
import {
  notReadyFailure,
  outcomeOf,
  scheduleActivity,
  type ActivityOutcome,
  type ActivityTask,
} from '../workflows/activity.js';
import type { Workflow } from '../workflows/workflow.js';
import { healed, healNotification } from './heal-notification.js';
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
 * How long a pass waits for restarting groups (no IP yet, on their way back) before it writes
 * anyway, checking every 15 s in Azure (`notReadyIntervalMs`). A group in a VNet gets its IP one to
 * three minutes after it is (re)started; ten minutes is more than three times that, and a third of
 * the 30 minutes after which ACI itself gives up ("timeout after 30 minutes", container-state.md).
 * A group not back by then is treated like a stopped one: it loses its record and backend, and the
 * periodic reconcile puts them back once it has an IP.
 */
export const RESTART_SETTLE_WAIT: NotReadyWait = { deadlineMs: 10 * 60_000 };

/**
 * One reconcile per environment at a time (instance `reconcile-<environment>`), so the gateway has
 * one writer:
 * 1. wait a moment, so that a burst of events (a restart is an action and then a write) becomes one pass;
 * 2. reconcile (RECONCILE_RETRY): DNS records and backend pools follow the groups' IPs, writing
 *    only what differs, while listening for another change (Durable only delivers events to
 *    tasks it waits on);
 * 3. while a group restarts, the pass keeps that group's record, leaves the gateway alone and
 *    answers "not ready": check again with Durable timers, up to RESTART_SETTLE_WAIT, so the
 *    gateway is written once, when every group has its IP;
 * 4. when the pass wrote records or pools, announce it (src/notifications: bounded, never failing
 *    the reconcile; a change signalled meanwhile is still heard);
 * 5. after the pass, listen a little longer, so a change signalled as the pass ended is not lost;
 * 6. when a change came in, go again; otherwise finish.
 */
export function* reconcileOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ReconcileReport, unknown> {
  const input = context.df.getInput<ReconcileInput>();
  const now = () => context.df.currentUtcDateTime.getTime();
  const after = (seconds: number) => new Date(now() + seconds * 1000);
  for (let pass = 1; ; pass++) {
    if (input.coalesceSeconds > 0) yield context.df.createTimer(after(input.coalesceSeconds));
    const { report, changed } = yield* settledPass(context, input, pass);
    context.df.setCustomStatus({ reason: input.reason, pass, summary: report.summary });
    if (healed(report))
      yield* notify(
        context,
        healNotification(report, input.reason, context.df.currentUtcDateTime.toISOString()),
      );
    let again = changed.isCompleted;
    if (!again) {
      const grace = context.df.createTimer(after(GRACE_SECONDS));
      again = (yield context.df.Task.any([changed, grace])) === changed;
      if (again) grace.cancel();
    }
    if (!again) return report;
  }
}

/**
 * Steps 2 and 3: reconcile passes until one writes (every group settled, or the wait is over).
 * Returns its report and the change listener, completed when a change came in during that pass.
 * A change during a "not ready" pass needs nothing more: the next pass reads everything again.
 * A pass can also be not ready for the gateway (an operation on it runs, or the activity's
 * budget ran out while one did): past the restart wait, it waits up to NOT_READY_WAIT more for
 * that, then fails saying what it waited for.
 */
function* settledPass(
  context: OrchestrationContext,
  input: ReconcileInput,
  pass: number,
): Generator<Task, { report: ReconcileReport; changed: Task }, unknown> {
  const now = () => context.df.currentUtcDateTime.getTime();
  const deadline = now() + RESTART_SETTLE_WAIT.deadlineMs;
  const listen = () => context.df.waitForExternalEvent(CHANGED_EVENT);
  let changed = listen();
  for (let waitForRestarts = true; ;) {
    const reconcile: ActivityTask<ReconcileReport> = scheduleActivity(
      context,
      reconcileActivity,
      { spec: input.spec, waitForRestarts },
      { environment: input.environment },
    );
    yield context.df.Task.any([reconcile, changed]);
    yield reconcile;
    const outcome: ActivityOutcome<ReconcileReport> = outcomeOf(reconcile);
    if (outcome.kind === 'failed') throw new Error(failureText(outcome.failure));
    if (outcome.kind === 'done') return { report: outcome.value, changed };
    context.df.setCustomStatus({ reason: input.reason, pass, waiting: outcome.message });
    if (changed.isCompleted) changed = listen();
    const next: number = now() + outcome.retryAfterMs;
    if (next > deadline + NOT_READY_WAIT.deadlineMs) {
      const waited = { deadlineMs: RESTART_SETTLE_WAIT.deadlineMs + NOT_READY_WAIT.deadlineMs };
      throw new Error(failureText(notReadyFailure(`reconcile pass ${pass}`, outcome, waited)));
    }
    waitForRestarts = next < deadline;
    const timer = context.df.createTimer(new Date(next));
    yield context.df.Task.any([timer, changed]);
    yield timer;
    if (changed.isCompleted) changed = listen();
  }
}

export const reconcileWorkflow: Workflow = {
  orchestrator: RECONCILE_ORCHESTRATOR,
  run: reconcileOrchestrator,
  activities: [reconcileActivity, notifyActivity],
};
