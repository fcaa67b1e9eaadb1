// The environments HTTP API (POST deploys a spec, GET shows progress) over a Durable client.
import type { DurableClient } from 'durable-functions';
import {
  describeLocation,
  environmentPlan,
  instanceIdOf,
  isActive,
  locationOfSpec,
  planFingerprint,
  sameLocation,
  statusOrUndefined,
  teardownState,
  type DeploymentRecord,
  type EnvironmentLocation,
} from '../environments/index.js';
import type { AppSettings } from '../settings.js';
import {
  invalidEnvironmentName,
  refusal,
  type HttpAnswer,
  type StepProgress,
} from '../environments/http-answers.js';
import { parseSpec } from '../spec/index.js';
import { DEPLOY_ORCHESTRATOR } from './deploy.orchestrator.js';
import { stageGraph, STAGES } from './stage-graph.js';
import { markSpan } from '../telemetry/tracing.js';
import type { DeployInput, DeploymentProgress, StageStatus } from './types.js';

/**
 * The two environment endpoints as functions of a durable client and plain input, so they are
 * tested without an HTTP host: `functions/` only reads the request and writes the response.
 */
export type ApiResponse = HttpAnswer;

/**
 * No `createHttpManagementPayload`: its URLs carry the Durable extension's system key (`code=`),
 * which reads, terminates and purges every instance of the task hub
 * (azure-functions/durable/durable-functions-http-api.md: "`systemKey` ... specifically grants
 * access to the Durable Task extension APIs"). Callers get this app's own status URL instead.
 */
type Client = Pick<DurableClient, 'getStatus' | 'startNew'>;

const problem = refusal;

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

/** What `deploymentStatus` answers with 200 (the status page reads it too: src/status). */
export interface DeploymentStatusBody {
  environment: string;
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  warnings: unknown[];
  stages: (StepProgress & { stage: string })[];
  error?: string;
}

/**
 * POST /api/environments: validate, refuse a concurrent deployment, start, answer 202. The
 * deployment's trace starts with a span under the request's own (`requestTraceParent`, the
 * Functions host's), and every stage's span is a child of it.
 */
export async function startDeployment(
  client: Client,
  body: unknown,
  origin: string,
  settings: AppSettings,
  requestTraceParent?: string,
): Promise<ApiResponse> {
  // The operator's ACME directory allow list is checked here, so a refused directory is a 400.
  const parsed = parseSpec(body, { acmeDirectories: settings.acmeDirectories });
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
  const existing = await statusOrUndefined(client, instanceId, true);
  const teardown = existing ? await teardownState(client, spec.name, existing) : undefined;
  // Once a teardown has completed (and nothing was deployed since), the name is free anywhere.
  const tornDown =
    teardown?.kind === 'torn-down' &&
    teardown.runtimeStatus === 'Completed' &&
    !teardown.deployedSince;
  const elsewhere = existing && !tornDown && livesElsewhere(spec, existing.input, instanceId);
  if (elsewhere) return elsewhere;
  if (existing && isActive(existing.runtimeStatus)) {
    return problem(
      409,
      'DeploymentInProgress',
      `environment ${spec.name} is already being deployed by instance ${instanceId} (started ${new Date(existing.createdTime).toISOString()}); follow it at ${statusUri(origin, spec.name)}`,
    );
  }
  if (teardown?.kind === 'running')
    return problem(
      409,
      'TeardownInProgress',
      `environment ${spec.name} is being torn down by instance ${teardown.instanceId}; follow it at ${statusUri(origin, spec.name)}/teardown and deploy again once it has ended`,
    );
  // The same function, with the same settings, builds the plan every stage applies.
  const plan = environmentPlan(spec, settings);
  const traceParent = markSpan(
    `deploy ${spec.name}`,
    { environment: spec.name, instanceId },
    requestTraceParent,
  );
  const input: DeployInput = {
    environment: spec.name,
    spec: body,
    graph: stageGraph(plan),
    fingerprint: planFingerprint(plan),
    warnings: plan.warnings,
    ...(traceParent ? { traceParent } : {}),
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
    },
  };
}

/**
 * The 409 for a name already deployed to another subscription or resource group: the instances of
 * an environment are keyed by its name, so accepting would replace the stored spec and leave the
 * first environment without reconcile and renewal.
 */
function livesElsewhere(
  wanted: EnvironmentLocation & { name: string },
  storedInput: unknown,
  instanceId: string,
): ApiResponse | undefined {
  const stored = locationOfSpec((storedInput as Partial<DeploymentRecord> | undefined)?.spec);
  if (stored && sameLocation(stored, wanted)) return undefined;
  const where = stored
    ? `in ${describeLocation(stored)}`
    : 'in a location its record does not show';
  return problem(
    409,
    'EnvironmentNameTaken',
    `environment ${wanted.name} already exists ${where} (instance ${instanceId}); this spec puts it in ${describeLocation(wanted)}. An environment name identifies one environment: choose another name for this one. To move it, tear the first one down (DELETE /api/environments/${wanted.name}) and deploy this spec once that has completed.`,
  );
}

/** GET /api/environments/{name}: every stage with its state, times, summary and error. */
export async function deploymentStatus(client: Client, environment: string): Promise<ApiResponse> {
  const invalid = invalidName(environment);
  if (invalid) return invalid;
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
    } satisfies DeploymentStatusBody,
  };
}

const invalidName = invalidEnvironmentName;

function statusUri(origin: string, environment: string): string {
  return `${origin}/api/environments/${encodeURIComponent(environment)}`;
}
