// Long-running operation responses and status endpoints, as ARM documents them
// (https://github.com/Azure/azure-resource-manager-rpc/blob/master/v1.0/async-api-reference.md):
// `Azure-AsyncOperation` points at `{ status, error? }`; `Location` at the final result (202 until
// done). `Retry-After`: Azure's few seconds, scaled, in whole seconds (see `retryAfter`), so at a
// small time scale it says 0 and the client uses its own polling interval.
import type { EmulatorContext } from '../core/context.js';
import type { AsyncOperation, EmuRequest, EmuResponse } from '../core/model.js';
import { ArmError } from './errors.js';
import type { ArmPath } from './resource-id.js';

function apiVersion(req: EmuRequest): string {
  return req.query.get('api-version') ?? '2020-01-01';
}

/**
 * ARM RPs answer a poll with `Retry-After` of a few seconds (10 in the Network RP's examples) of
 * Azure time: scaled like every other latency, and never past the operation's end. The Azure
 * SDK's poller keeps the last non-zero value as its interval, so an unscaled whole second at a
 * small time scale would stand for minutes of Azure time between two polls.
 */
const AZURE_RETRY_AFTER_MS = 10_000;

function retryAfter(ctx: EmulatorContext, op: AsyncOperation): string {
  const remaining = Number.isFinite(op.dueAt) ? Math.max(0, op.dueAt - ctx.clock.now()) : 0;
  return String(
    Math.floor(Math.min(AZURE_RETRY_AFTER_MS * ctx.config.timeScale, remaining) / 1000),
  );
}

export function operationUrls(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  op: AsyncOperation,
): { asyncOperation: string; location: string } {
  const base = `${req.origin}/subscriptions/${path.subscription}/providers/${path.namespace}/locations/local`;
  const query = `?api-version=${encodeURIComponent(apiVersion(req))}`;
  return {
    asyncOperation: `${base}/operations/${op.id}${query}`,
    location: `${base}/operationResults/${op.id}${query}`,
  };
}

export function acceptedResponse(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  op: AsyncOperation,
  options: { status: number; body?: unknown; location?: boolean },
): EmuResponse {
  const urls = operationUrls(ctx, req, path, op);
  const headers: Record<string, string> = {
    'azure-asyncoperation': urls.asyncOperation,
    'retry-after': retryAfter(ctx, op),
  };
  if (options.location) headers.location = urls.location;
  return { status: options.status, headers, body: options.body };
}

function requireOperation(ctx: EmulatorContext, id: string): AsyncOperation {
  const op = ctx.state.operations.get(id);
  if (!op) throw new ArmError(404, 'OperationNotFound', `Operation '${id}' was not found.`);
  return op;
}

export function operationStatus(ctx: EmulatorContext, id: string): EmuResponse {
  const op = requireOperation(ctx, id);
  const body: Record<string, unknown> = {
    id: op.id,
    name: op.id,
    status: op.status,
    startTime: op.startTime,
  };
  if (op.endTime) body.endTime = op.endTime;
  if (op.error) body.error = op.error;
  const headers: Record<string, string> =
    op.status === 'InProgress' ? { 'retry-after': retryAfter(ctx, op) } : {};
  return { status: 200, headers, body };
}

export function operationResult(ctx: EmulatorContext, req: EmuRequest, id: string): EmuResponse {
  const op = requireOperation(ctx, id);
  if (op.status === 'InProgress') {
    return {
      status: 202,
      headers: {
        location: `${req.origin}${req.path}?${req.query.toString()}`,
        'retry-after': retryAfter(ctx, op),
      },
    };
  }
  if (op.error) return { status: op.status === 'Canceled' ? 409 : 500, body: { error: op.error } };
  return op.result === undefined ? { status: 200 } : { status: 200, body: op.result };
}
