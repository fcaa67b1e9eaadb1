// The admin API under `/_emulator/`: inspect state and requests, inject faults, trigger a
// platform-initiated restart, reset. No authentication: it only listens on loopback.
import { armErrors, armResponse, errorResponse } from '../arm/errors.js';
import type { EmulatorContext } from '../core/context.js';
import { faultRule, type FaultInput } from '../core/faults.js';
import type { EmuRequest, EmuResponse } from '../core/model.js';
import type { DispatchResult } from '../core/pipeline.js';
import { matchRoute, route, type Route } from '../core/router.js';
import { resetState, stateView } from '../core/state.js';
import { platformRestart } from '../providers/container-instance/container-groups.js';
import { reportExit, setOutcome } from '../providers/container-instance/run-once.js';
import { putBuildSource } from '../providers/container-registry/registry-tasks.js';
import { recordBackendHealth } from '../providers/network/application-gateways.js';
import { backendHealthTimeline } from '../providers/network/backend-health-timeline.js';
import { putReportedBackendHealth } from '../providers/network/reported-backend-health.js';

function addFaults(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const body = req.body as { rules?: FaultInput[] } | FaultInput | undefined;
  const inputs =
    body && 'rules' in body && Array.isArray(body.rules)
      ? body.rules
      : body
        ? [body as FaultInput]
        : [];
  try {
    const rules = inputs.map(faultRule);
    ctx.state.faults.push(...rules);
    return { status: 201, body: { rules } };
  } catch (err) {
    return errorResponse(400, 'InvalidFault', err instanceof Error ? err.message : String(err));
  }
}

function restart(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const id = (req.body as { containerGroupId?: unknown } | undefined)?.containerGroupId;
  if (typeof id !== 'string') {
    return errorResponse(
      400,
      'InvalidRequestContent',
      'Body must be { "containerGroupId": "/subscriptions/…" }.',
    );
  }
  return platformRestart(ctx, id);
}

interface ContainerOutcomeBody {
  containerGroupId: string;
  container: string;
  exitCode: number;
  log: string;
}

/** `{ containerGroupId, container, exitCode, log }` of the two container routes, or a 400. */
function containerOutcomeBody(
  req: EmuRequest,
  logRequired: boolean,
): ContainerOutcomeBody | EmuResponse {
  const body = req.body as
    | { containerGroupId?: unknown; container?: unknown; exitCode?: unknown; log?: unknown }
    | undefined;
  const { containerGroupId, container, exitCode, log } = body ?? {};
  if (
    typeof containerGroupId !== 'string' ||
    typeof container !== 'string' ||
    typeof exitCode !== 'number' ||
    !Number.isInteger(exitCode) ||
    (log === undefined ? logRequired : typeof log !== 'string')
  ) {
    return errorResponse(
      400,
      'InvalidRequestContent',
      'Body must be { "containerGroupId": "/subscriptions/…", "container": "name", "exitCode": 0, "log": "…" }.',
    );
  }
  return { containerGroupId, container, exitCode, log: typeof log === 'string' ? log : '' };
}

const isResponse = (value: ContainerOutcomeBody | EmuResponse): value is EmuResponse =>
  'status' in value;

/**
 * What a container of a run-once group (`restartPolicy: Never`) ends its later runs with: the
 * emulator runs no process, so a test says the exit code and the log (run-once.ts).
 */
function outcome(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const body = containerOutcomeBody(req, false);
  if (isResponse(body)) return body;
  const { containerGroupId, container, exitCode, log } = body;
  setOutcome(ctx, containerGroupId, container, { exitCode, log });
  return { status: 201, body: { containerGroupId, container, exitCode, log } };
}

/**
 * The resources of some types, as stored (`?type=Microsoft.ContainerInstance/containerGroups,…`): what
 * the local container runtime and gateway read to follow the emulated Azure.
 */
function resourcesOfType(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const types = (req.query.get('type') ?? '').split(',').filter(Boolean);
  if (types.length === 0 || !types.every((t) => /^[A-Za-z0-9.]+\/[A-Za-z0-9/]+$/.test(t))) {
    return errorResponse(
      400,
      'InvalidRequestContent',
      'Query must be ?type=<namespace>/<type>[,…], such as Microsoft.ContainerInstance/containerGroups.',
    );
  }
  const wanted = new Set(types.map((t) => t.toLowerCase()));
  const value = [...ctx.state.resources.values()].filter((r) => wanted.has(r.type.toLowerCase()));
  return { status: 200, body: { value } };
}

/**
 * A container of a run-once group, run by a local container runtime, exited: its exit code and
 * log (run-once.ts `reportExit`).
 */
function containerExit(ctx: EmulatorContext, req: EmuRequest): EmuResponse {
  const body = containerOutcomeBody(req, true);
  if (isResponse(body)) return body;
  const { containerGroupId, container, exitCode, log } = body;
  const problem = reportExit(ctx, containerGroupId, container, { exitCode, log });
  return problem ? errorResponse(problem.status, problem.code, problem.message) : { status: 204 };
}

export const adminRoutes: readonly Route[] = [
  // Where ACR's build-source upload URLs point: a SAS-style blob, no bearer token.
  route(
    'buildSourceBlob',
    'PUT',
    /^\/_emulator\/blobs\/[^/]+\/(?<path>source\/.+)$/,
    (ctx, req, params) => putBuildSource(ctx, req, params.path ?? ''),
  ),
  route('state', 'GET', /^\/_emulator\/state$/, (ctx) => ({
    status: 200,
    body: stateView(ctx.state),
  })),
  route('requests', 'GET', /^\/_emulator\/requests$/, (ctx) => ({
    status: 200,
    body: { value: ctx.state.requests },
  })),
  route('faults', 'GET', /^\/_emulator\/faults$/, (ctx) => ({
    status: 200,
    body: { value: ctx.state.faults },
  })),
  route('addFaults', 'POST', /^\/_emulator\/faults$/, addFaults),
  route('clearFaults', 'DELETE', /^\/_emulator\/faults$/, (ctx) => {
    ctx.state.faults = [];
    return { status: 204 };
  }),
  route('platformRestart', 'POST', /^\/_emulator\/platform\/restart$/, restart),
  route('containerOutcome', 'POST', /^\/_emulator\/container-instance\/outcomes$/, outcome),
  route('containerExit', 'POST', /^\/_emulator\/container-instance\/exits$/, containerExit),
  route('resources', 'GET', /^\/_emulator\/resources$/, resourcesOfType),
  // A local gateway's probes (local/runtime/gateway): what `backendhealth` answers from then on.
  route(
    'gatewayBackendHealth',
    'PUT',
    /^\/_emulator\/network\/application-gateways\/backend-health$/,
    (ctx, req) => {
      const response = putReportedBackendHealth(ctx, req);
      recordBackendHealth(ctx, 'a local gateway reported its probes');
      return response;
    },
  ),
  // Each gateway pool's count of Healthy backends after every change (backend-health-timeline.ts).
  route(
    'backendHealthTimeline',
    'GET',
    /^\/_emulator\/network\/application-gateways\/backend-health-timeline$/,
    (ctx) => ({ status: 200, body: { value: backendHealthTimeline(ctx) } }),
  ),
  route('reset', 'POST', /^\/_emulator\/reset$/, (ctx) => {
    resetState(ctx.state);
    return { status: 204 };
  }),
];

/** Admin requests bypass authentication, faults and the request log. */
export function dispatchAdmin(ctx: EmulatorContext, req: EmuRequest): DispatchResult {
  ctx.settle();
  const match = matchRoute(adminRoutes, req.method, req.path);
  const response = match
    ? armResponse(() => match.route.handler(ctx, req, match.params))
    : armErrors.noRoute(req.method, req.path).toResponse();
  return { response, delayMs: 0 };
}
