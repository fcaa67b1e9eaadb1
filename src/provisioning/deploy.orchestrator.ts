import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { classifyFailure } from '../errors.js';
import { readyStages, type StageName } from './stage-graph.js';
import type { DeployInput, DeploymentProgress, StageInput, StageOutcome } from './types.js';

export const DEPLOY_ORCHESTRATOR = 'deployEnvironment';

/** Activity name of a stage: one activity per stage, registered from the stage table. */
export function stageActivity(stage: StageName): string {
  return `stage-${stage}`;
}

/**
 * Transient failures are thrown by the activity and retried here with backoff; anything else is
 * returned as a value and fails the stage at once.
 */
function stageRetry(): df.RetryOptions {
  const retry = new df.RetryOptions(5_000, 5);
  retry.backoffCoefficient = 2;
  retry.maxRetryIntervalInMilliseconds = 60_000;
  return retry;
}

/**
 * Deploys an environment:
 * 1. mark every stage pending;
 * 2. start each stage whose dependencies have succeeded;
 * 3. wait for the next stage to finish and record its outcome (its end time, summary or error);
 * 4. repeat until nothing runs; a failed stage keeps its dependents from starting;
 * 5. fail with the first failed stage, or return the progress.
 */
export function* deployOrchestrator(
  context: OrchestrationContext,
): Generator<Task, DeploymentProgress, unknown> {
  const input = context.df.getInput<DeployInput>();
  const progress: DeploymentProgress = { environment: input.environment, stages: {} };
  for (const node of input.graph) progress.stages[node.name] = { state: 'pending' };
  const succeeded = new Set<StageName>();
  const started = new Set<StageName>();
  const running = new Map<Task, StageName>();
  const now = () => context.df.currentUtcDateTime.toISOString();
  let failed: { stage: StageName; message: string } | undefined;

  const startReady = () => {
    if (failed) return;
    for (const stage of readyStages(input.graph, succeeded)) {
      if (started.has(stage)) continue;
      started.add(stage);
      const stageInput: StageInput = { stage, spec: input.spec };
      running.set(
        context.df.callActivityWithRetry(stageActivity(stage), stageRetry(), stageInput),
        stage,
      );
      progress.stages[stage] = { state: 'running', startedAt: now() };
    }
  };

  startReady();
  context.df.setCustomStatus(progress);
  while (running.size > 0) {
    const finished = (yield context.df.Task.any([...running.keys()])) as Task;
    const stage = running.get(finished)!;
    running.delete(finished);
    const status = progress.stages[stage]!;
    status.endedAt = now();
    const outcome = stageOutcome(finished);
    if (outcome.ok) {
      succeeded.add(stage);
      Object.assign(status, {
        state: 'succeeded',
        summary: outcome.report.summary,
        outputs: outcome.report.outputs,
      });
    } else {
      status.state = 'failed';
      status.error = { code: outcome.failure.code, message: outcome.failure.message };
      failed ??= {
        stage,
        message: `[${outcome.failure.kind}/${outcome.failure.code}] ${outcome.failure.message}`,
      };
    }
    startReady();
    context.df.setCustomStatus(progress);
  }
  if (failed) {
    for (const status of Object.values(progress.stages))
      if (status.state === 'pending') status.state = 'skipped';
    context.df.setCustomStatus(progress);
    throw new Error(`stage ${failed.stage} failed: ${failed.message}`);
  }
  return progress;
}

/** A faulted task carries only the activity's message; its `[kind/code]` prefix survives. */
function stageOutcome(task: Task): StageOutcome {
  if (!task.isFaulted) return task.result as StageOutcome;
  const error = (task as Task & { exception?: unknown }).exception;
  return { ok: false, failure: classifyFailure(error ?? new Error('the stage failed')) };
}
