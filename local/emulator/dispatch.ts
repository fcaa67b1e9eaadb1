// From a parsed request to a response, without sockets: settle due operations, authenticate,
// apply faults, route, turn ArmErrors into ARM bodies, and record the request.
import { adminRoutes } from './admin/routes.js';
import { ArmError, armErrors } from './arm/errors.js';
import { armRoutes } from './arm/routes.js';
import type { Engine } from './context.js';
import { faultResponse, takeFault } from './faults.js';
import { keyVaultDispatch } from './keyvault/dispatch.js';
import { matchRoute, type Route } from './router.js';
import type { EmuRequest, EmuResponse, FaultRule } from './types.js';

export interface DispatchResult {
  response: EmuResponse;
  delayMs: number;
}

function runRoutes(engine: Engine, routes: readonly Route[], req: EmuRequest): EmuResponse {
  const match = matchRoute(routes, req.method, req.path);
  if (!match) return armErrors.noRoute(req.method, req.path).toResponse();
  try {
    return match.route.handler(engine, req, match.params);
  } catch (err) {
    if (err instanceof ArmError) return err.toResponse();
    const message = err instanceof Error ? err.message : String(err);
    return { status: 500, body: { error: { code: 'InternalServerError', message } } };
  }
}

/** POST actions that only read: ARM's `list*` convention and the gateway's backend health. */
const READ_ONLY_ACTION = /\/(list[a-z]*|backendhealth)$/i;

/** The request log keeps the most recent entries only, so a long `npm start` stays small. */
const MAX_LOGGED_REQUESTS = 10_000;

function record(
  engine: Engine,
  req: EmuRequest,
  status: number,
  service: 'arm' | 'keyvault',
): void {
  const changedState =
    !['GET', 'HEAD'].includes(req.method) && status < 400 && !READ_ONLY_ACTION.test(req.path);
  engine.state.requests.push({
    at: new Date(engine.clock.now()).toISOString(),
    method: req.method,
    path: req.path,
    status,
    changedState,
    service,
  });
  if (engine.state.requests.length > MAX_LOGGED_REQUESTS) engine.state.requests.shift();
}

function applySupersede(engine: Engine, response: EmuResponse): void {
  const url = response.headers?.['azure-asyncoperation'];
  const id = url ? /\/operations\/([^/?]+)/.exec(url)?.[1] : undefined;
  if (!id) return;
  engine.cancelOperation(id, {
    code: 'Canceled',
    message: 'Operation was canceled.',
    details: [
      {
        code: 'CanceledAndSupersededDueToAnotherOperation',
        message: `Operation PutApplicationGatewayOperation (${id}) was canceled and superseded by operation PutApplicationGatewayOperation (injected-fault).`,
      },
    ],
  });
}

function withFault(engine: Engine, req: EmuRequest, run: () => EmuResponse): DispatchResult {
  const fault: FaultRule | undefined = takeFault(engine.state, req.method, req.path);
  const injected = fault ? faultResponse(fault, engine.config.timeScale) : undefined;
  const response = injected ?? run();
  if (fault?.supersede) applySupersede(engine, response);
  return { response, delayMs: fault?.delayMs ?? 0 };
}

export function dispatchArm(engine: Engine, req: EmuRequest): DispatchResult {
  engine.settle();
  if (req.path.startsWith('/_emulator/')) {
    return { response: runRoutes(engine, adminRoutes, req), delayMs: 0 };
  }
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
    const response = armErrors.unauthenticated().toResponse();
    record(engine, req, response.status, 'arm');
    return { response, delayMs: 0 };
  }
  const result = withFault(engine, req, () =>
    req.query.get('api-version')
      ? runRoutes(engine, armRoutes, req)
      : armErrors.missingApiVersion().toResponse(),
  );
  record(engine, req, result.response.status, 'arm');
  return result;
}

export function dispatchVault(engine: Engine, vaultName: string, req: EmuRequest): DispatchResult {
  engine.settle();
  const result = withFault(engine, req, () => keyVaultDispatch(engine, vaultName, req));
  record(engine, req, result.response.status, 'keyvault');
  return result;
}
