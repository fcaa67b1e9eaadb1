// What every request to a served origin (ARM or a vault) goes through around its handler: injected
// faults first, then the request log. Settling due operations and authentication are the
// caller's, because ARM and Key Vault answer a missing token differently.
import type { EmulatorContext } from './context.js';
import {
  faultResponse,
  slowStartedOperation,
  supersedeStartedOperation,
  takeFault,
} from './faults.js';
import type { EmuRequest, EmuResponse, RequestLogEntry } from './model.js';

export interface DispatchResult {
  response: EmuResponse;
  delayMs: number;
  /** Close the connection instead of answering (a `droppedConnection` fault). */
  drop?: boolean;
}

/** POST actions that only read: ARM's `list*` convention and the gateway's backend health. */
const READ_ONLY_ACTION = /\/(list[a-z]*|backendhealth)$/i;

/** The request log keeps the most recent entries only, so a long `npm start` stays small. */
const MAX_LOGGED_REQUESTS = 10_000;

export function recordRequest(
  ctx: EmulatorContext,
  req: EmuRequest,
  status: number,
  service: RequestLogEntry['service'],
): void {
  const changedState =
    !['GET', 'HEAD'].includes(req.method) && status < 400 && !READ_ONLY_ACTION.test(req.path);
  ctx.state.requests.push({
    at: new Date(ctx.clock.now()).toISOString(),
    method: req.method,
    path: req.path,
    status,
    changedState,
    service,
  });
  if (ctx.state.requests.length > MAX_LOGGED_REQUESTS) ctx.state.requests.shift();
}

/** Runs `handle` unless a fault answers instead, and records the request. */
export function serveWithFaults(
  ctx: EmulatorContext,
  req: EmuRequest,
  service: RequestLogEntry['service'],
  handle: () => EmuResponse,
): DispatchResult {
  const fault = takeFault(ctx.state, req.method, req.path);
  const injected = fault ? faultResponse(fault, ctx.config.timeScale) : undefined;
  const response = injected ?? handle();
  if (fault?.supersede) supersedeStartedOperation(ctx, response);
  if (fault?.operationMs !== undefined) slowStartedOperation(ctx, response, fault.operationMs);
  recordRequest(ctx, req, response.status, service);
  return { response, delayMs: fault?.delayMs ?? 0, ...(fault?.drop ? { drop: true } : {}) };
}
