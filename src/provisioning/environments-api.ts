import type { DurableClient } from 'durable-functions';
import { buildPlan } from '../plan/index.js';
import { parseSpec, type SpecProblem } from '../spec/index.js';
import { DEPLOY_ORCHESTRATOR } from './deploy.orchestrator.js';
import { stageGraph, STAGES } from './stage-graph.js';
import type { DeployInput, DeploymentProgress, StageStatus } from './types.js';

/**
 * The two environment endpoints as functions of a durable client and plain input, so they are
 * tested without an HTTP host: `functions/` only parses the request and writes the response.
 */
export interface ApiResponse {
  status: number;
  jsonBody: unknown;
  headers?: Record<string, string>;
}

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'createHttpManagementPayload'>;

const ACTIVE = new Set(['Running', 'Pending', 'ContinuedAsNew']);

/** Whether an instance still runs (or is about to). */
export function isActive(runtimeStatus: unknown): boolean {
  return ACTIVE.has(String(runtimeStatus));
}

export function instanceIdOf(environment: string): string {
  return `environment-${environment}`;
}

function problem(
  status: number,
  code: string,
  message: string,
  problems?: SpecProblem[],
): ApiResponse {
  return { status, jsonBody: { error: { code, message, ...(problems ? { problems } : {}) } } };
}

/** POST /api/environments: validate, refuse a concurrent deployment, start, answer 202. */
export async function startDeployment(
  client: Client,
  body: unknown,
  origin: string,
): Promise<ApiResponse> {
  const parsed = parseSpec(body);
  if (!parsed.ok) {
    const count = parsed.problems.length;
    return problem(
      400,
      'InvalidSpec',
      `the spec has ${count} problem${count === 1 ? '' : 's'}`,
      parsed.problems,
    );
  }
  const { spec } = parsed;
  const instanceId = instanceIdOf(spec.name);
  const existing = await statusOrUndefined(client, instanceId);
  if (existing && isActive(existing.runtimeStatus)) {
    return problem(
      409,
      'DeploymentInProgress',
      `environment ${spec.name} is already being deployed by instance ${instanceId} (started ${new Date(existing.createdTime).toISOString()}); follow it at ${statusUri(origin, spec.name)}`,
    );
  }
  const input: DeployInput = {
    environment: spec.name,
    spec: body,
    graph: stageGraph(buildPlan(spec)),
  };
  await client.startNew(DEPLOY_ORCHESTRATOR, { instanceId, input });
  const uri = statusUri(origin, spec.name);
  return {
    status: 202,
    headers: { location: uri, 'retry-after': '10' },
    jsonBody: {
      environment: spec.name,
      instanceId,
      statusUri: uri,
      durable: client.createHttpManagementPayload(instanceId),
    },
  };
}

/** GET /api/environments/{name}: every stage with its state, times, summary and error. */
export async function deploymentStatus(client: Client, environment: string): Promise<ApiResponse> {
  const status = await statusOrUndefined(client, instanceIdOf(environment));
  if (!status)
    return problem(
      404,
      'EnvironmentNotFound',
      `no deployment of environment ${environment} is known; POST its spec to /api/environments`,
    );
  const progress = status.customStatus as DeploymentProgress | null | undefined;
  const stages = STAGES.filter((s) => progress?.stages[s]).map((s) => ({
    stage: s,
    ...(progress?.stages[s] as StageStatus),
  }));
  const output = status.output;
  return {
    status: 200,
    jsonBody: {
      environment,
      instanceId: status.instanceId,
      runtimeStatus: status.runtimeStatus,
      createdTime: new Date(status.createdTime).toISOString(),
      lastUpdatedTime: new Date(status.lastUpdatedTime).toISOString(),
      stages,
      ...(String(status.runtimeStatus) === 'Failed'
        ? { error: typeof output === 'string' ? output : JSON.stringify(output) }
        : {}),
    },
  };
}

function statusUri(origin: string, environment: string): string {
  return `${origin}/api/environments/${encodeURIComponent(environment)}`;
}

/** The instance's status, or undefined when the durable store has never heard of it. */
export async function statusOrUndefined(
  client: Pick<DurableClient, 'getStatus'>,
  instanceId: string,
  showInput = false,
) {
  try {
    const status = await client.getStatus(instanceId, { showInput });
    return status?.instanceId ? status : undefined;
  } catch (error) {
    if (/404/.test(error instanceof Error ? error.message : String(error))) return undefined;
    throw error;
  }
}

/**
 * The spec an environment's last deployment ran with, when that deployment has finished: the
 * reconciler and the renewal work from it. Undefined while it runs or when there is none.
 */
export async function lastDeployedSpec(
  client: Pick<DurableClient, 'getStatus'>,
  environment: string,
): Promise<{ spec: unknown } | { skipped: string }> {
  const deployment = await statusOrUndefined(client, instanceIdOf(environment), true);
  if (!deployment) return { skipped: `environment ${environment} was never deployed by this app` };
  if (isActive(deployment.runtimeStatus))
    return { skipped: `environment ${environment} is being deployed` };
  const spec = (deployment.input as DeployInput | undefined)?.spec;
  return spec ? { spec } : { skipped: `the deployment of ${environment} kept no spec` };
}
