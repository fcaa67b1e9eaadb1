/**
 * Typed activity contracts. An activity is one object (registered name, input type, output type,
 * retry policy, handler); `functions/` registers it with `runActivity` and orchestrators call it
 * with `callActivity` or `scheduleActivity`, so no input is re-typed and no result is cast outside
 * this file. Which failure is retried where is decided here, as src/retry-policies.ts describes.
 */

import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import { deadlineAfter, StillRunning } from '../activity-deadline.js';
import { AppError, classifyFailure, failureText, isRetriable, type Failure } from '../errors.js';
import {
  ACTIVITY_BUDGET,
  NOT_READY_WAIT,
  notReadyIntervalMs,
  type ActivityBudget,
  type DurableRetry,
  type NotReadyWait,
} from '../retry-policies.js';
import { forActivityRun, type AppServices, type InstanceStatuses } from '../services.js';
import { telemetryReady } from '../telemetry/export.js';
import { withLogScope, type LogScope } from '../telemetry/log-scope.js';
import { inSpan, type SpanOutcome } from '../telemetry/tracing.js';

/** An answer instead of the result: something the activity needs is not ready yet. */
export interface NotReady {
  readonly notReady: string;
}

export function notReady(message: string): NotReady {
  return { notReady: message };
}

function isNotReady(value: unknown): value is NotReady {
  return typeof value === 'object' && value !== null && 'notReady' in value;
}

export interface Activity<I, O> {
  /** The name it is registered under; stable, because orchestration histories record it. */
  readonly name: string;
  /** The stage its log lines and span name (a deployment stage); the name when absent. */
  readonly stage?: string;
  /** Durable's retry of the whole activity, for the failures layer 2 retries. */
  readonly retry: DurableRetry;
  /** How long one run may wait on Azure before answering "not ready" (layer 0). */
  readonly budget: ActivityBudget;
  readonly run: (services: AppServices, input: I) => Promise<O | NotReady>;
}

// `any` here only lets tables hold activities of different types; each keeps its own I and O.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyActivity = Activity<any, any>;

/** An activity; without a budget of its own it gets ACTIVITY_BUDGET. */
export function defineActivity<I, O>(
  activity: Omit<Activity<I, O>, 'budget'> & { budget?: ActivityBudget },
): Activity<I, O> {
  return { ...activity, budget: activity.budget ?? ACTIVITY_BUDGET };
}

/** Whose work an activity run is: the orchestrator passes it with every input it schedules. */
export interface WorkflowScope {
  readonly environment: string;
  /** The W3C `traceparent` the run's span is a child of (a deployment's starting request). */
  readonly traceParent?: string;
}

/**
 * An activity's input as Durable carries it: the activity's own input and who runs it. Durable
 * matches history by activity name, so runs scheduled before the envelope existed replay alike;
 * their inputs arrive bare, and runActivity takes them as they are.
 */
export interface ActivityEnvelope<I> {
  readonly input: I;
  readonly scope: LogScope & { readonly traceParent?: string };
}

function isEnvelope<I>(value: I | ActivityEnvelope<I>): value is ActivityEnvelope<I> {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value).sort();
  return keys.length === 2 && keys[0] === 'input' && keys[1] === 'scope';
}

/** The activity's own input and the scope it was scheduled with (none for a bare input). */
export function openEnvelope<I>(received: I | ActivityEnvelope<I>): {
  input: I;
  scope: ActivityEnvelope<I>['scope'] | undefined;
} {
  return isEnvelope(received) ? received : { input: received, scope: undefined };
}

/** What crosses the Durable boundary: every outcome is a value except what Durable should retry. */
export type ActivityOutcome<O> =
  | { kind: 'done'; value: O }
  | { kind: 'not-ready'; message: string; retryAfterMs: number }
  | { kind: 'failed'; failure: Failure };

/**
 * Runs an activity's handler for the Functions host, within its budget: the services it gets stop
 * waiting on Azure at the deadline, and what is still running then (StillRunning) is answered as
 * "not ready", like any other not-final state. Throws only what Durable's retry of the whole
 * activity can fix (a conflict, or a transient failure the HTTP pipeline did not already retry);
 * returns every other failure as a value, so the orchestrator fails at once with the service's
 * own message. Settings that do not parse are such a failure too.
 */
export async function runActivity<I, O>(
  activity: Activity<I, O>,
  services: () => AppServices,
  input: I | ActivityEnvelope<I>,
  instances?: InstanceStatuses,
): Promise<ActivityOutcome<O>> {
  const { input: own, scope } = openEnvelope(input);
  const { traceParent, ...logScope } = scope ?? {};
  const named = { ...logScope, stage: activity.stage ?? activity.name };
  await telemetryReady();
  return inSpan(
    `${activity.stage ? 'stage ' : ''}${named.stage}`,
    named,
    traceParent,
    () => withLogScope(named, () => runWithin(activity, services, own, named, instances)),
    spanOutcome,
  );
}

async function runWithin<I, O>(
  activity: Activity<I, O>,
  services: () => AppServices,
  input: I,
  scope: LogScope,
  instances: InstanceStatuses | undefined,
): Promise<ActivityOutcome<O>> {
  let pollIntervalMs: number | undefined;
  try {
    const app = services();
    pollIntervalMs = app.settings.pollIntervalMs;
    const deadline = deadlineAfter(activity.budget.waitMs, () => app.now().getTime());
    const value = await activity.run(forActivityRun(app, deadline, instances, scope), input);
    if (isNotReady(value))
      return {
        kind: 'not-ready',
        message: value.notReady,
        retryAfterMs: notReadyIntervalMs(pollIntervalMs),
      };
    return { kind: 'done', value };
  } catch (error) {
    if (error instanceof StillRunning)
      return {
        kind: 'not-ready',
        message: error.detail,
        retryAfterMs: notReadyIntervalMs(pollIntervalMs),
      };
    if (worthRetryingByDurable(error)) throw error;
    return { kind: 'failed', failure: classifyFailure(error) };
  }
}

function spanOutcome(outcome: ActivityOutcome<unknown>): SpanOutcome {
  if (outcome.kind !== 'failed') return { outcome: outcome.kind };
  return { outcome: 'failed', error: failureText(outcome.failure) };
}

function worthRetryingByDurable(error: unknown): boolean {
  return (
    error instanceof AppError && isRetriable(classifyFailure(error)) && !error.retriedByPipeline
  );
}

/** A scheduled activity whose outcome is an `ActivityOutcome<O>`. */
export type ActivityTask<O> = Task & { readonly __outcome?: ActivityOutcome<O> };

export function retryOptions(retry: DurableRetry): df.RetryOptions {
  const options = new df.RetryOptions(retry.firstRetryIntervalMs, retry.maxNumberOfAttempts);
  options.backoffCoefficient = retry.backoffCoefficient;
  options.maxRetryIntervalInMilliseconds = retry.maxRetryIntervalMs;
  return options;
}

/**
 * Schedules one run of the activity with its retry policy, for orchestrators that wait on several
 * tasks. The run's log lines and span carry `scope`'s environment and this instance's id.
 */
export function scheduleActivity<I, O>(
  context: OrchestrationContext,
  activity: Activity<I, O>,
  input: I,
  scope: WorkflowScope,
): ActivityTask<O> {
  const envelope: ActivityEnvelope<I> = {
    input,
    scope: {
      environment: scope.environment,
      instanceId: context.df.instanceId,
      ...(scope.traceParent === undefined ? {} : { traceParent: scope.traceParent }),
    },
  };
  return context.df.callActivityWithRetry(activity.name, retryOptions(activity.retry), envelope);
}

/**
 * The outcome of a finished activity task; a task that faulted (Durable's retries spent) failed,
 * with the last attempt's error, which durable-functions keeps as the task's `result`
 * (TaskBase.setValue; RetryableTask passes on the last child's error).
 */
export function outcomeOf<O>(task: ActivityTask<O>): ActivityOutcome<O> {
  if (!task.isFaulted) return task.result as ActivityOutcome<O>;
  const faulted = task as Task & { exception?: unknown };
  const error = faulted.exception ?? faulted.result;
  return { kind: 'failed', failure: classifyFailure(error ?? new Error('the activity failed')) };
}

/**
 * Calls an activity and returns its result: waits with Durable timers while it answers "not
 * ready", up to the deadline, and fails the orchestration with the activity's `[kind/code]`
 * message when it fails. Use with `yield*`.
 */
export function* callActivity<I, O>(
  context: OrchestrationContext,
  activity: Activity<I, O>,
  input: I,
  scope: WorkflowScope,
  wait: NotReadyWait = NOT_READY_WAIT,
): Generator<Task, O, unknown> {
  const deadline = context.df.currentUtcDateTime.getTime() + wait.deadlineMs;
  for (;;) {
    const task = scheduleActivity(context, activity, input, scope);
    yield task;
    const outcome = outcomeOf(task);
    if (outcome.kind === 'done') return outcome.value;
    if (outcome.kind === 'failed') throw new Error(failureText(outcome.failure));
    const next = context.df.currentUtcDateTime.getTime() + outcome.retryAfterMs;
    if (next > deadline)
      throw new Error(failureText(notReadyFailure(activity.name, outcome, wait)));
    yield context.df.createTimer(new Date(next));
  }
}

/** Still not ready at the deadline: what was waited for, and for how long. */
export function notReadyFailure(
  what: string,
  outcome: { message: string },
  wait: NotReadyWait,
): Failure {
  return {
    kind: 'transient',
    code: 'NotReadyInTime',
    message: `${what} waited ${Math.round(wait.deadlineMs / 60_000)} minutes and is still not ready: ${outcome.message}`,
  };
}

/**
 * The result of a finished activity task, for orchestrators that scheduled it themselves; a
 * failure (or a "not ready" the orchestrator did not wait for) fails the orchestration with the
 * activity's `[kind/code]` message.
 */
export function resultOf<I, O>(activity: Activity<I, O>, task: ActivityTask<O>): O {
  const outcome = outcomeOf(task);
  if (outcome.kind === 'done') return outcome.value;
  if (outcome.kind === 'failed') throw new Error(failureText(outcome.failure));
  throw new Error(
    failureText({
      kind: 'transient',
      code: 'NotReady',
      message: `${activity.name} is not ready: ${outcome.message}`,
    }),
  );
}
