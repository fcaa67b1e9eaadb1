// Injected faults: rules match method + path pattern for the next N requests. Named scenarios are
// the common shapes: `throttled429RetryAfter`, `conflict409`, `etagMismatch412`, `internalError500`,
// `unavailable503`, `slowResponse`, `gatewaySuperseded` (the matched PUT's operation ends
// `Canceled` / `CanceledAndSupersededDueToAnotherOperation`, as when another PUT supersedes it) and
// `slowOperation` (the matched PUT's operation stays InProgress for `operationMs` of Azure time:
// a gateway update that takes far longer than usual) and `droppedConnection` (the request is
// served, then its connection is closed without an answer).
import type { EmulatorContext } from './context.js';
import type { EmuResponse, EmulatorState, FaultRule } from './model.js';
import { supersededError } from './operation-engine.js';

export const faultScenarios = [
  'throttled429RetryAfter',
  'conflict409',
  'etagMismatch412',
  'internalError500',
  'unavailable503',
  'slowResponse',
  'gatewaySuperseded',
  'slowOperation',
  'droppedConnection',
] as const;
export type FaultScenario = (typeof faultScenarios)[number];

export interface FaultInput {
  scenario?: FaultScenario;
  method?: string;
  pathPattern?: string;
  status?: FaultRule['status'];
  retryAfterSeconds?: number;
  delayMs?: number;
  /** Azure time the matched request's operation lasts (`slowOperation`); default an hour. */
  operationMs?: number;
  count?: number;
}

const scenarioDefaults: Record<FaultScenario, Partial<FaultRule>> = {
  throttled429RetryAfter: { status: 429, retryAfterSeconds: 1 },
  conflict409: { status: 409 },
  etagMismatch412: { status: 412 },
  internalError500: { status: 500 },
  unavailable503: { status: 503, retryAfterSeconds: 1 },
  slowResponse: { delayMs: 50 },
  gatewaySuperseded: {
    method: 'PUT',
    pathPattern: '/providers/Microsoft\\.Network/applicationGateways/[^/]+$',
    supersede: true,
  },
  slowOperation: { method: 'PUT', operationMs: 60 * 60_000 },
  droppedConnection: { drop: true },
};

export function faultRule(input: FaultInput): FaultRule {
  const defaults = input.scenario ? scenarioDefaults[input.scenario] : {};
  const rule: FaultRule = {
    ...defaults,
    pathPattern: input.pathPattern ?? defaults.pathPattern ?? '.*',
    remaining: input.count ?? 1,
  };
  if (input.scenario) rule.name = input.scenario;
  if (input.method ?? defaults.method)
    rule.method = (input.method ?? defaults.method ?? '').toUpperCase();
  if (input.status) rule.status = input.status;
  if (input.retryAfterSeconds !== undefined) rule.retryAfterSeconds = input.retryAfterSeconds;
  if (input.delayMs !== undefined) rule.delayMs = input.delayMs;
  if (input.operationMs !== undefined) rule.operationMs = input.operationMs;
  if (
    rule.status === undefined &&
    rule.delayMs === undefined &&
    !rule.supersede &&
    !rule.drop &&
    rule.operationMs === undefined
  ) {
    throw new Error(
      'a fault needs a scenario, a status (409, 412, 429, 500, 503), a delayMs, an operationMs or drop',
    );
  }
  new RegExp(rule.pathPattern, 'i');
  return rule;
}

/** The first live rule matching the request; consumes one of its matches. */
export function takeFault(
  state: EmulatorState,
  method: string,
  path: string,
): FaultRule | undefined {
  const rule = state.faults.find(
    (r) =>
      r.remaining > 0 &&
      (!r.method || r.method === method) &&
      new RegExp(r.pathPattern, 'i').test(path),
  );
  if (!rule) return undefined;
  rule.remaining -= 1;
  state.faults = state.faults.filter((r) => r.remaining > 0);
  return rule;
}

const faultErrors: Record<number, { code: string; message: string }> = {
  409: {
    code: 'AnotherOperationInProgress',
    message: 'Another operation on this or dependent resource is in progress.',
  },
  412: {
    code: 'PreconditionFailed',
    message: 'The condition specified using HTTP conditional header(s) is not met.',
  },
  429: {
    code: 'TooManyRequests',
    message: 'The request is being throttled. Retry after the interval in Retry-After.',
  },
  500: {
    code: 'InternalServerError',
    message: 'The server encountered an internal error. Please retry the request.',
  },
  503: {
    code: 'ServiceUnavailable',
    message: 'The service is temporarily unavailable. Please retry the request.',
  },
};

/**
 * The response a status rule produces. `Retry-After` is whole seconds as Azure sends it, scaled by
 * `timeScale`; `x-ms-retry-after-ms` carries the exact scaled value, which the SDK prefers.
 */
export function faultResponse(rule: FaultRule, timeScale: number): EmuResponse | undefined {
  if (!rule.status) return undefined;
  const headers: Record<string, string> = {};
  if (rule.retryAfterSeconds !== undefined) {
    const ms = Math.ceil(rule.retryAfterSeconds * 1000 * timeScale);
    headers['retry-after'] = String(Math.round(ms / 1000));
    headers['x-ms-retry-after-ms'] = String(ms);
  }
  const error = faultErrors[rule.status] ?? { code: 'Fault', message: 'Injected fault.' };
  return { status: rule.status, headers, body: { error } };
}

/** A `slowOperation` rule let the request through: its operation now ends `operationMs` later. */
export function slowStartedOperation(
  ctx: EmulatorContext,
  response: EmuResponse,
  operationMs: number,
): void {
  const id = operationIdOf(response);
  const op = id ? ctx.state.operations.get(id) : undefined;
  if (op?.status === 'InProgress') op.dueAt = ctx.clock.now() + operationMs * ctx.config.timeScale;
}

function operationIdOf(response: EmuResponse): string | undefined {
  const url = response.headers?.['azure-asyncoperation'];
  return url ? /\/operations\/([^/?]+)/.exec(url)?.[1] : undefined;
}

/** The operation name `gatewaySuperseded` reports: its default path matches gateway PUTs. */
const SUPERSEDED_OPERATION = 'PutApplicationGatewayOperation';

/** A `supersede` rule let the request through: cancel the operation its response points at. */
export function supersedeStartedOperation(ctx: EmulatorContext, response: EmuResponse): void {
  const id = operationIdOf(response);
  if (!id) return;
  ctx.cancelOperation(id, supersededError(SUPERSEDED_OPERATION, id, 'injected-fault'));
}
