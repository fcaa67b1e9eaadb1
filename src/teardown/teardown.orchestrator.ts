// The Durable orchestrator that tears an environment down, one step after the other.
import type { OrchestrationContext, Task } from 'durable-functions';
import { failureText, type Failure } from '../errors.js';
import { NOT_READY_WAIT, STAGE_WAIT_LIMIT } from '../retry-policies.js';
import {
  notReadyFailure,
  outcomeOf,
  scheduleActivity,
  type Activity,
  type WorkflowScope,
} from '../workflows/activity.js';
import type { Workflow } from '../workflows/workflow.js';
import {
  awaitWorkflowsStoppedActivity,
  inventoryActivity,
  resourceGroupActivity,
  teardownStepActivity,
} from './teardown.activities.js';
import { PROGRESS_STEPS, type ProgressStep } from './teardown-steps.js';
import { teardownSummary } from './teardown-summary.js';
import { targetsByStep } from './teardown-targets.js';
import type {
  Inventory,
  StepReport,
  StepStatus,
  TeardownInput,
  TeardownProgress,
  TeardownSummary,
} from './types.js';

export const TEARDOWN_ORCHESTRATOR = 'teardownEnvironment';

/**
 * Tears an environment down (the steps and their order: teardown-steps.ts):
 * 1. wait until its reconcile and renewal have stopped (the HTTP starter terminated them; they
 *    start no more once this instance exists);
 * 2. take the inventory: the plan of the last deployed spec, what exists of it, and what listings
 *    find carrying the environment's marks;
 * 3. run each deletion step in order (STAGE_RETRY retries a step that threw a conflict): a step
 *    deletes its targets wave by wave, keeps what is not ours or still serves someone else, and
 *    answers "not ready" while Azure still deletes (a gateway takes minutes) or a subnet is still
 *    in use: wait on Durable timers, up to NOT_READY_WAIT for the same thing and STAGE_WAIT_LIMIT
 *    in all, then run it again: it reads where Azure got to (404 is done);
 * 4. the resource group, only when the app created it and nothing is left in it;
 * 5. return the summary: deleted, already gone, soft-deleted (the Key Vault), kept and why.
 * Durable replays it after a crash: finished steps are not run again, and the step that was
 * running reads what exists and goes on.
 */
export function* teardownOrchestrator(
  context: OrchestrationContext,
): Generator<Task, TeardownSummary, unknown> {
  const input = context.df.getInput<TeardownInput>();
  const scope: WorkflowScope = { environment: input.environment };
  const progress: TeardownProgress = { environment: input.environment, steps: {} };
  for (const { name } of PROGRESS_STEPS) progress.steps[name] = { state: 'pending' };
  const reports: StepReport[] = [];
  let inventory: Inventory = { targets: [], notes: [] };
  const runStep = <I, O>(step: ProgressStep, activity: Activity<I, O>, stepInput: I) =>
    runUntilDone(context, progress, step, activity, stepInput, scope);
  try {
    yield* runStep('workflows', awaitWorkflowsStoppedActivity, {
      environment: input.environment,
    });
    inventory = yield* runStep('inventory', inventoryActivity, { spec: input.spec });
    for (const { step, targets } of targetsByStep(inventory.targets)) {
      if (targets.length === 0) {
        progress.steps[step] = { state: 'succeeded', summary: 'nothing to delete' };
        continue;
      }
      reports.push(yield* runStep(step, teardownStepActivity, { spec: input.spec, step, targets }));
    }
    reports.push(yield* runStep('resource-group', resourceGroupActivity, { spec: input.spec }));
  } catch (error) {
    for (const status of Object.values(progress.steps))
      if (status.state === 'pending') status.state = 'skipped';
    progress.summary = compactSummary(teardownSummary(input.environment, inventory, reports));
    context.df.setCustomStatus(progress);
    throw error;
  }
  // The output holds the whole summary; the custom status keeps only the steps (16 KB at most).
  return teardownSummary(input.environment, inventory, reports);
}

/**
 * What a failed teardown did, small enough for the custom status: "The custom status payload is
 * limited to 16 KB of UTF-16 JSON text" (durable-task-custom-orchestration-status.md). Long lists
 * of deleted names are cut; what was kept, and why, is kept whole.
 */
export function compactSummary(summary: TeardownSummary, most = 20): TeardownSummary {
  const cut = (items: string[]) =>
    items.length <= most ? items : [...items.slice(0, most), `… and ${items.length - most} more`];
  return { ...summary, deleted: cut(summary.deleted), alreadyGone: cut(summary.alreadyGone) };
}

/**
 * One step: schedule its activity; while it answers "not ready", record what it waits for and
 * run it again after a Durable timer, up to NOT_READY_WAIT for the same thing and
 * STAGE_WAIT_LIMIT in all; record its end, its one-line summary or its error.
 */
function* runUntilDone<I, O>(
  context: OrchestrationContext,
  progress: TeardownProgress,
  step: ProgressStep,
  activity: Activity<I, O>,
  input: I,
  scope: WorkflowScope,
): Generator<Task, O, unknown> {
  const now = () => context.df.currentUtcDateTime.getTime();
  const at = () => context.df.currentUtcDateTime.toISOString();
  const status: StepStatus = { state: 'running', startedAt: at() };
  progress.steps[step] = status;
  context.df.setCustomStatus(progress);
  const startedAt = now();
  let since = startedAt;
  const fail = (failure: Failure) => {
    Object.assign(status, {
      state: 'failed',
      endedAt: at(),
      error: { code: failure.code, message: failure.message },
    });
    delete status.waitingFor;
    return new Error(failureText(failure));
  };
  for (;;) {
    const task = scheduleActivity(context, activity, input, scope);
    yield task;
    const outcome = outcomeOf(task);
    if (outcome.kind === 'failed') throw fail(outcome.failure);
    if (outcome.kind === 'done') {
      delete status.waitingFor;
      Object.assign(status, {
        state: 'succeeded',
        endedAt: at(),
        summary: summaryOf(outcome.value),
      });
      context.df.setCustomStatus(progress);
      return outcome.value;
    }
    if (outcome.message !== status.waitingFor) since = now();
    const next = now() + outcome.retryAfterMs;
    if (next > since + NOT_READY_WAIT.deadlineMs)
      throw fail(notReadyFailure(`teardown step ${step}`, outcome, NOT_READY_WAIT));
    if (next > startedAt + STAGE_WAIT_LIMIT.deadlineMs)
      throw fail(notReadyFailure(`teardown step ${step}`, outcome, STAGE_WAIT_LIMIT));
    status.waitingFor = outcome.message;
    context.df.setCustomStatus(progress);
    yield context.df.createTimer(new Date(next));
  }
}

function summaryOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { summary, targets } = value as { summary?: unknown; targets?: unknown[] };
  if (typeof summary === 'string') return summary;
  if (Array.isArray(targets)) {
    const present = targets.filter((t) => (t as { present?: boolean }).present).length;
    return `${present} of ${targets.length} resources exist`;
  }
  return undefined;
}

export const teardownWorkflow: Workflow = {
  orchestrator: TEARDOWN_ORCHESTRATOR,
  run: teardownOrchestrator,
  activities: [
    awaitWorkflowsStoppedActivity,
    inventoryActivity,
    teardownStepActivity,
    resourceGroupActivity,
  ],
};
