// The admin API under `/_emulator/`: inspect state and requests, inject faults, trigger a
// platform-initiated restart, reset. No authentication: it only listens on loopback.
import { errorResponse } from '../arm/errors.js';
import { faultRule, type FaultInput } from '../faults.js';
import { route, type Route } from '../router.js';
import { resetState, stateView } from '../state.js';
import { platformRestart } from '../types/container-groups.js';
import { putBuildSource } from '../types/registry-tasks.js';
import type { EmuContext, EmuRequest, EmuResponse } from '../types.js';

function addFaults(ctx: EmuContext, req: EmuRequest): EmuResponse {
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

function restart(ctx: EmuContext, req: EmuRequest): EmuResponse {
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
  route('reset', 'POST', /^\/_emulator\/reset$/, (ctx) => {
    resetState(ctx.state);
    return { status: 204 };
  }),
];
