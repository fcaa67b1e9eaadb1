// The environments HTTP API (POST deploys a spec, GET shows progress) over a Durable client.
import type { DurableClient } from 'durable-functions';
import {
  environmentPlan,
  instanceIdOf,
  isActive,
  planFingerprint,
  statusOrUndefined,
} from '../environments/index.js';
import type { AppSettings } from '../settings.js';
import { parseSpec, type SpecProblem } from '../spec/index.js';
import { DEPLOY_ORCHESTRATOR } from './deploy.orchestrator.js';
import { stageGraph, STAGES } from './stage-graph.js';
import type { DeployInput, DeploymentProgress, StageStatus } from './types.js';

/**
 * The two environment endpoints as functions of a durable client and plain input, so they are
 * tested without an HTTP host: `functions/` only reads the request and writes the response.
 */
export interface ApiResponse {
  status: number;
  jsonBody: unknown;
  headers?: Record<string, string>;
}

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'createHttpManagementPayload'>;

function problem(
  status: number,
  code: string,
  message: string,
  problems?: SpecProblem[],
): ApiResponse {
  return { status, jsonBody: { error: { code, message, ...(problems ? { problems } : {}) } } };
}

/** The request body as JSON, or the 400 that says why it is not. */
export function readJsonBody(
  text: string,
): { ok: true; body: unknown } | { ok: false; response: ApiResponse } {
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = text.trim()
      ? error instanceof Error
        ? error.message
        : String(error)
      : 'the body is empty';
    return {
      ok: false,
      response: problem(
        400,
        'InvalidJson',
        `the request body must be a JSON environment spec: ${reason}`,
      ),
    };
  }
}

/** POST /api/environments: validate, refuse a concurrent deployment, start, answer 202. */
export async function startDeployment(
  client: Client,
  body: unknown,
  origin: string,
  settings: AppSettings,
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
  const instanceId = instanceIdOf('deployment', spec.name);
  const existing = await statusOrUndefined(client, instanceId);
  if (existing && isActive(existing.runtimeStatus)) {
    return problem(
      409,
      'DeploymentInProgress',
      `environment ${spec.name} is already being deployed by instance ${instanceId} (started ${new Date(existing.createdTime).toISOString()}); follow it at ${statusUri(origin, spec.name)}`,
    );
  }
  // The same function, with the same settings, builds the plan every stage applies.
  const plan = environmentPlan(spec, settings);
  const input: DeployInput = {
    environment: spec.name,
    spec: body,
    graph: stageGraph(plan),
    fingerprint: planFingerprint(plan),
    warnings: plan.warnings,
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
      warnings: plan.warnings,
      durable: client.createHttpManagementPayload(instanceId),
    },
  };
}

/** GET /api/environments/{name}: every stage with its state, times, summary and error. */
export async function deploymentStatus(client: Client, environment: string): Promise<ApiResponse> {
  const status = await statusOrUndefined(client, instanceIdOf('deployment', environment));
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
      warnings: progress?.warnings ?? [],
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
