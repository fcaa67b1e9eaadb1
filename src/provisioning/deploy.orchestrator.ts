// The Durable orchestrator that deploys an environment, stage by stage, as the stage graph allows.
import type { OrchestrationContext, Task } from 'durable-functions';
import { failureText, type Failure } from '../errors.js';
import { notify, notifyActivity } from '../notifications/index.js';
import {
  notReadyFailure,
  outcomeOf,
  scheduleActivity,
  type WorkflowScope,
} from '../workflows/activity.js';
import type { Workflow } from '../workflows/workflow.js';
import { STAGE_ACTIVITIES } from './deploy.activities.js';
import { deploymentNotification } from './deploy-notification.js';
import { readyStages, type StageName } from './stage-graph.js';
import { stageWait, type StageWait } from './stage-wait.js';
import type { DeployInput, DeploymentProgress, StageInput, StageReport } from './types.js';

export const DEPLOY_ORCHESTRATOR = 'deployEnvironment';

/** What the orchestrator waits on for a stage: its activity, or the timer before checking again. */
type Waiting = { stage: StageName; kind: 'activity' | 'timer' };

/**
 * Deploys an environment (the stages and their dependencies: stage-table.ts):
 * 1. mark every stage pending;
 * 2. start each stage whose dependencies have succeeded (STAGE_RETRY retries a stage that threw);
 * 3. wait for the next stage to answer:
 *    - done: record its end time, summary and outputs;
 *    - not ready (a group's IP, healthy probes): wait on a Durable timer, then run it again, up to
 *      NOT_READY_WAIT for the same thing and STAGE_WAIT_LIMIT in all (stage-wait.ts);
 *    - failed: record the error;
 * 4. repeat until nothing runs; a failed stage keeps its dependents from starting;
 * 5. announce the outcome (src/notifications: bounded, and never failing the deployment), once the
 *    status is final;
 * 6. fail with the first failed stage (the rest marked skipped), or return the progress.
 */
export function* deployOrchestrator(
  context: OrchestrationContext,
): Generator<Task, DeploymentProgress, unknown> {
  const input = context.df.getInput<DeployInput>();
  const stageInput: StageInput = { spec: input.spec, fingerprint: input.fingerprint };
  const scope: WorkflowScope = {
    environment: input.environment,
    ...(input.traceParent ? { traceParent: input.traceParent } : {}),
  };
  const progress: DeploymentProgress = {
    environment: input.environment,
    stages: {},
    warnings: input.warnings ?? [],
  };
  for (const node of input.graph) progress.stages[node.name] = { state: 'pending' };
  const succeeded = new Set<StageName>();
  const waits = new Map<StageName, StageWait>();
  const waiting = new Map<Task, Waiting>();
  const now = () => context.df.currentUtcDateTime.getTime();
  const at = () => context.df.currentUtcDateTime.toISOString();
  let failed: { stage: StageName; failure: Failure } | undefined;

  const run = (stage: StageName) =>
    waiting.set(scheduleActivity(context, STAGE_ACTIVITIES[stage], stageInput, scope), {
      stage,
      kind: 'activity',
    });
  const startReady = () => {
    if (failed) return;
    for (const stage of readyStages(input.graph, succeeded)) {
      if (waits.has(stage)) continue;
      waits.set(stage, { startedAt: now(), since: now() });
      progress.stages[stage] = { state: 'running', startedAt: at() };
      run(stage);
    }
  };
  const fail = (stage: StageName, failure: Failure) => {
    Object.assign(progress.stages[stage]!, {
      state: 'failed',
      endedAt: at(),
      error: { code: failure.code, message: failure.message },
    });
    failed ??= { stage, failure };
  };

  startReady();
  context.df.setCustomStatus(progress);
  while (waiting.size > 0) {
    const finished = (yield context.df.Task.any([...waiting.keys()])) as Task;
    const { stage, kind } = waiting.get(finished)!;
    waiting.delete(finished);
    const status = progress.stages[stage]!;
    if (kind === 'timer') {
      run(stage);
      continue;
    }
    const outcome = outcomeOf<StageReport>(finished);
    if (outcome.kind === 'not-ready') {
      const verdict = stageWait(
        waits.get(stage)!,
        outcome.message,
        now(),
        now() + outcome.retryAfterMs,
      );
      if (verdict.kind === 'give-up') {
        fail(stage, notReadyFailure(`stage ${stage}`, outcome, verdict.limit));
      } else {
        waits.set(stage, verdict.wait);
        status.waitingFor = outcome.message;
        waiting.set(context.df.createTimer(new Date(now() + outcome.retryAfterMs)), {
          stage,
          kind: 'timer',
        });
      }
    } else if (outcome.kind === 'done') {
      succeeded.add(stage);
      delete status.waitingFor;
      Object.assign(status, {
        state: 'succeeded',
        endedAt: at(),
        summary: outcome.value.summary,
        outputs: outcome.value.outputs,
      });
    } else {
      fail(stage, outcome.failure);
    }
    startReady();
    context.df.setCustomStatus(progress);
  }
  if (failed) {
    for (const status of Object.values(progress.stages))
      if (status.state === 'pending') status.state = 'skipped';
    context.df.setCustomStatus(progress);
    yield* notify(context, deploymentNotification(progress, failed, at()), input.traceParent);
    throw new Error(`stage ${failed.stage} failed: ${failureText(failed.failure)}`);
  }
  yield* notify(context, deploymentNotification(progress, undefined, at()), input.traceParent);
  return progress;
}

export const deployWorkflow: Workflow = {
  orchestrator: DEPLOY_ORCHESTRATOR,
  run: deployOrchestrator,
  activities: [...Object.values(STAGE_ACTIVITIES), notifyActivity],
};
