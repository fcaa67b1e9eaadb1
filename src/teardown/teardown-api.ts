/**
 * The teardown endpoints as functions of a durable client and plain input, so they are tested
 * without an HTTP host: `DELETE /api/environments/{name}` starts (or meets) the teardown,
 * `GET /api/environments/{name}/teardown` shows its progress and, at the end, its summary. Like
 * the deployment's, the answers carry this app's own status URL, never Durable's management URLs
 * (they hold the extension's system key).
 */
import type { DurableClient } from 'durable-functions';
import {
  deployedSince,
  instanceIdOf,
  isActive,
  statusOrUndefined,
  type DeploymentRecord,
} from '../environments/index.js';
import {
  invalidEnvironmentName,
  refusal,
  type HttpAnswer,
  type StepProgress,
} from '../environments/http-answers.js';
import { PROGRESS_STEPS } from './teardown-steps.js';
import { TEARDOWN_ORCHESTRATOR } from './teardown.orchestrator.js';
import type { TeardownInput, TeardownProgress, TeardownSummary } from './types.js';

export type TeardownResponse = HttpAnswer;

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'terminate'>;

export function teardownStatusUri(origin: string, environment: string): string {
  return `${origin}/api/environments/${encodeURIComponent(environment)}/teardown`;
}

const invalidName = invalidEnvironmentName;

/**
 * DELETE /api/environments/{name}: 404 for an environment this app never deployed; 409 while a
 * deployment of it runs; 202 with the teardown's status URL otherwise. A teardown that runs is
 * met, not started twice; one that completed with no deployment since is answered as it is; a
 * failed or terminated one is started again, and resumes (every step reads what exists).
 */
export async function startTeardown(
  client: Client,
  environment: string,
  origin: string,
): Promise<TeardownResponse> {
  const invalid = invalidName(environment);
  if (invalid) return invalid;
  const deploymentId = instanceIdOf('deployment', environment);
  const deployment = await statusOrUndefined(client, deploymentId, true);
  if (!deployment)
    return refusal(
      404,
      'EnvironmentNotFound',
      `environment ${environment} was never deployed by this app: there is nothing to tear down`,
    );
  if (isActive(deployment.runtimeStatus))
    return refusal(
      409,
      'DeploymentInProgress',
      `environment ${environment} is being deployed by instance ${deploymentId}; wait until it has ended (${origin}/api/environments/${encodeURIComponent(environment)}), then DELETE again`,
    );
  const instanceId = instanceIdOf('teardown', environment);
  const existing = await statusOrUndefined(client, instanceId);
  const accepted = acceptedResponse(origin, environment, instanceId);
  if (existing && isActive(existing.runtimeStatus)) return accepted;
  if (
    existing &&
    String(existing.runtimeStatus) === 'Completed' &&
    !deployedSince(existing, deployment)
  )
    return accepted;
  const spec = (deployment.input as Partial<DeploymentRecord> | undefined)?.spec;
  if (!spec)
    return refusal(
      409,
      'NoDeployedSpec',
      `the deployment of ${environment} kept no spec, so what it created cannot be told; deploy the environment again, then DELETE it`,
    );
  const input: TeardownInput = { environment, spec };
  try {
    await client.startNew(TEARDOWN_ORCHESTRATOR, { instanceId, input });
  } catch (error) {
    // Another DELETE started it a moment ago: meet that one.
    const now = await statusOrUndefined(client, instanceId);
    if (!now || !isActive(now.runtimeStatus)) throw error;
  }
  await stopHealing(client, environment);
  return accepted;
}

function acceptedResponse(
  origin: string,
  environment: string,
  instanceId: string,
): TeardownResponse {
  const statusUri = teardownStatusUri(origin, environment);
  return {
    status: 202,
    headers: { location: statusUri, 'retry-after': '10' },
    jsonBody: { environment, instanceId, statusUri },
  };
}

/**
 * Terminates the environment's reconcile and renewal if they run: the teardown deletes what they
 * write. None starts again: they read the teardown instance (deployed.ts); the orchestrator's
 * first step waits until both have stopped.
 */
async function stopHealing(client: Client, environment: string): Promise<void> {
  for (const role of ['reconcile', 'renewal'] as const) {
    const id = instanceIdOf(role, environment);
    const status = await statusOrUndefined(client, id);
    if (!status || !isActive(status.runtimeStatus)) continue;
    await client
      .terminate(id, `environment ${environment} is being torn down`)
      .catch(async (error: unknown) => {
        // It finished in between: nothing to stop.
        const after = await statusOrUndefined(client, id);
        if (after && isActive(after.runtimeStatus)) throw error;
      });
  }
}

/** What `GET /api/environments/{name}/teardown` answers with 200. */
export interface TeardownStatusBody {
  environment: string;
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  steps: (StepProgress & { step: string; does: string })[];
  /** Once it has ended: what was deleted, soft-deleted and kept (and why). */
  summary?: TeardownSummary;
  error?: string;
}

/** GET /api/environments/{name}/teardown: every step with its state, and the summary. */
export async function teardownStatus(
  client: Pick<DurableClient, 'getStatus'>,
  environment: string,
): Promise<TeardownResponse> {
  const invalid = invalidName(environment);
  if (invalid) return invalid;
  const status = await statusOrUndefined(client, instanceIdOf('teardown', environment));
  if (!status)
    return refusal(
      404,
      'TeardownNotFound',
      `no teardown of environment ${environment} is known; DELETE /api/environments/${environment} starts one`,
    );
  const progress = status.customStatus as TeardownProgress | null | undefined;
  const runtimeStatus = String(status.runtimeStatus);
  const summary =
    runtimeStatus === 'Completed' ? (status.output as TeardownSummary) : progress?.summary;
  const body: TeardownStatusBody = {
    environment,
    instanceId: status.instanceId,
    runtimeStatus,
    createdTime: new Date(status.createdTime).toISOString(),
    lastUpdatedTime: new Date(status.lastUpdatedTime).toISOString(),
    steps: PROGRESS_STEPS.map(({ name, does }) => ({
      step: name,
      does,
      ...(progress?.steps[name] ?? { state: 'pending' }),
    })),
    ...(summary ? { summary } : {}),
    ...(runtimeStatus === 'Failed' ? { error: outputText(status.output) } : {}),
  };
  return { status: 200, jsonBody: body };
}

function outputText(output: unknown): string {
  return typeof output === 'string' ? output : JSON.stringify(output);
}
