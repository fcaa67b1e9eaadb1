// Asks the app to tear an environment down and follows the teardown through its status endpoint,
// printing each step as it changes, then what was deleted and what was kept (and why).
import {
  followProgress,
  refusal,
  send,
  statusUrl,
  type AppClient,
  type FollowOptions,
} from './deployment.js';
import { StackError } from './errors.js';
import { jsonOf } from './loopback-http.js';
import type { StageView, StatusView } from './status.js';

/** What `GET /api/environments/{name}/teardown` answers, as far as the CLI reads it. */
export interface TeardownView extends StatusView {
  readonly summary?: {
    readonly deleted: readonly string[];
    readonly alreadyGone: readonly string[];
    readonly softDeleted: readonly { resource: string; note: string }[];
    readonly kept: readonly { resource: string; why: string }[];
    readonly notes?: readonly string[];
  };
}

interface TeardownBody {
  environment: string;
  runtimeStatus: string;
  steps: (Omit<StageView, 'stage'> & { step: string })[];
  summary?: TeardownView['summary'];
  error?: string;
}

export function teardownUrl(client: AppClient, environment: string): string {
  return `${statusUrl(client, environment)}/teardown`;
}

/** DELETE /api/environments/{name}; a refusal (404, 409) is reported with the app's own message. */
export async function requestTeardown(client: AppClient, environment: string): Promise<void> {
  const response = await send(client, statusUrl(client, environment), {
    method: 'DELETE',
    headers: { 'x-functions-key': client.functionKey },
  });
  if (response.status !== 202)
    throw new StackError(
      `the app refused to tear down ${environment} (HTTP ${response.status}): ${refusal(response)}`,
    );
}

export async function readTeardown(client: AppClient, environment: string): Promise<TeardownView> {
  const response = await send(client, teardownUrl(client, environment), {
    headers: { 'x-functions-key': client.functionKey },
  });
  if (response.status !== 200)
    throw new StackError(
      `reading the teardown status failed (HTTP ${response.status}): ${refusal(response)}`,
    );
  const body = jsonOf(response) as unknown as TeardownBody;
  return {
    environment: body.environment,
    runtimeStatus: body.runtimeStatus,
    stages: body.steps.map(({ step, ...rest }) => ({ stage: step, ...rest })),
    ...(body.summary ? { summary: body.summary } : {}),
    ...(body.error ? { error: body.error } : {}),
  };
}

/** Polls until the teardown has ended, printing each step change; returns the last status. */
export function followTeardown(
  client: AppClient,
  environment: string,
  options: FollowOptions,
): Promise<TeardownView> {
  return followProgress(() => readTeardown(client, environment), options, {
    what: `the teardown of ${environment}`,
    where: teardownUrl(client, environment),
  });
}

/** What was deleted, soft-deleted and kept, for people. Pure. */
export function teardownSummaryLines(view: TeardownView): string[] {
  const summary = view.summary;
  if (!summary) return [];
  const list = (items: readonly string[]) => items.map((i) => `    ${i}`);
  return [
    `  deleted (${summary.deleted.length}):`,
    ...list(summary.deleted),
    ...(summary.alreadyGone.length > 0
      ? [`  already gone (${summary.alreadyGone.length}):`, ...list(summary.alreadyGone)]
      : []),
    ...(summary.softDeleted.length > 0
      ? [
          `  soft-deleted (${summary.softDeleted.length}):`,
          ...list(summary.softDeleted.map((s) => `${s.resource}: ${s.note}`)),
        ]
      : []),
    `  kept (${summary.kept.length}):`,
    ...list(summary.kept.map((k) => `${k.resource}: ${k.why}`)),
    ...(summary.notes ?? []).map((n) => `  note: ${n}`),
  ];
}

/** The closing line of a finished teardown. */
export function teardownOutcomeLine(view: TeardownView): string {
  if (view.runtimeStatus === 'Completed') {
    const s = view.summary;
    return `tore down ${view.environment}: ${s?.deleted.length ?? 0} deleted, ${s?.softDeleted.length ?? 0} soft-deleted, ${s?.kept.length ?? 0} kept`;
  }
  const failed = view.stages.find((s) => s.state === 'failed');
  if (failed?.error)
    return `teardown of ${view.environment} failed at step ${failed.stage}: [${failed.error.code}] ${failed.error.message}`;
  return `teardown of ${view.environment} ended ${view.runtimeStatus}${view.error ? `: ${view.error}` : ''}`;
}
