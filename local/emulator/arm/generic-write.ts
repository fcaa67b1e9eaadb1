// PUT, PATCH and DELETE on any resource under a resource group, with the per-type behaviour applied.
import { runningOperation } from '../context.js';
import type { ArmResource, AsyncOperation, EmuContext, EmuRequest, EmuResponse } from '../types.js';
import type { TypeBehaviour } from './behaviour.js';
import { armErrors } from './errors.js';
import { acceptedResponse } from './lro.js';
import { key, nameOf, resourceId, resourceType, type ArmPath } from './resource-id.js';
import { behaviourFor } from './registry.js';
import {
  checkPreconditions,
  getResource,
  newEtag,
  properties,
  putResource,
  removeResource,
  requireObjectBody,
} from './resource-store.js';
import { renderResource } from './generic-read.js';

function normaliseLocation(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase().replace(/\s+/g, '') : undefined;
}

function buildResource(
  path: ArmPath,
  body: Record<string, unknown>,
  behaviour: TypeBehaviour,
): ArmResource {
  const id = resourceId(path);
  const { id: _i, name: _n, type: _t, etag: _e, ...rest } = body;
  const resource: ArmResource = { ...rest, id, name: nameOf(id), type: behaviour.type };
  const location = normaliseLocation(body.location);
  if (location) resource.location = location;
  else if (behaviour.tracked ?? path.names.length === 1) throw armErrors.locationRequired();
  resource.properties = { ...(typeof body.properties === 'object' ? body.properties : {}) };
  return resource;
}

/** A newer PUT cancels the running one, as the Network RP does. */
function supersede(
  ctx: EmuContext,
  running: AsyncOperation,
  behaviour: TypeBehaviour,
  newOpId: string,
): void {
  const name = behaviour.supersedeName ?? 'PutOperation';
  ctx.cancelOperation(running.id, {
    code: 'Canceled',
    message: 'Operation was canceled.',
    details: [
      {
        code: 'CanceledAndSupersededDueToAnotherOperation',
        message: `Operation ${name} (${running.id}) was canceled and superseded by operation ${name} (${newOpId}).`,
      },
    ],
  });
}

export function putHandler(
  ctx: EmuContext,
  req: EmuRequest,
  path: ArmPath,
  behaviour: TypeBehaviour,
): EmuResponse {
  const body = requireObjectBody(req);
  const existing = getResource(ctx, resourceId(path));
  checkPreconditions(req, existing);
  const resource = buildResource(path, body, behaviour);
  const etag = newEtag(ctx, behaviour.etag);
  if (etag) resource.etag = etag;
  behaviour.prepare?.(ctx, resource, existing);
  const status = existing ? 200 : 201;
  const finish = () => {
    properties(resource).provisioningState = 'Succeeded';
    behaviour.provisioned?.(ctx, resource);
    ctx.emitResourceEvent({
      kind: 'Write',
      resourceId: resource.id,
      operationName: `${resourceType(path)}/write`,
    });
  };
  if (behaviour.putLatencyMs * ctx.config.timeScale <= 0 && !behaviour.provision) {
    putResource(ctx, resource);
    finish();
    return { status, body: renderResource(ctx, resource, behaviour) };
  }
  const op = startPut(ctx, path, behaviour, resource, finish, existing !== undefined);
  return acceptedResponse(ctx, req, path, op, {
    status,
    body: renderResource(ctx, resource, behaviour),
  });
}

/** Stores the resource in its pending state and starts (or hands off) the PUT's operation. */
function startPut(
  ctx: EmuContext,
  path: ArmPath,
  behaviour: TypeBehaviour,
  resource: ArmResource,
  finish: () => void,
  exists: boolean,
): AsyncOperation {
  properties(resource).provisioningState =
    behaviour.pendingState ?? (exists ? 'Updating' : 'Creating');
  const previous = runningOperation(ctx.state, resource.id);
  putResource(ctx, resource);
  const op = ctx.startOperation({
    name: `${resourceType(path)}/write`,
    resourceId: resource.id,
    durationMs: behaviour.provision ? Infinity : behaviour.putLatencyMs * ctx.config.timeScale,
    complete: finish,
    cancel: () => {
      if (properties(resource).provisioningState !== 'Succeeded')
        properties(resource).provisioningState = 'Failed';
    },
  });
  if (previous) supersede(ctx, previous, behaviour, op.id);
  behaviour.provision?.(ctx, resource, (error) => ctx.finishOperation(op.id, error));
  return op;
}

export function patchHandler(
  ctx: EmuContext,
  req: EmuRequest,
  path: ArmPath,
  behaviour: TypeBehaviour,
): EmuResponse {
  const body = requireObjectBody(req);
  const existing = getResource(ctx, resourceId(path));
  if (!existing)
    throw armErrors.resourceNotFound(
      resourceType(path),
      nameOf(resourceId(path)),
      path.resourceGroup ?? '',
    );
  checkPreconditions(req, existing);
  if (body.tags && typeof body.tags === 'object') existing.tags = { ...body.tags };
  if (body.properties && typeof body.properties === 'object') {
    Object.assign(properties(existing), body.properties);
  }
  const etag = newEtag(ctx, behaviour.etag);
  if (etag) existing.etag = etag;
  ctx.emitResourceEvent({
    kind: 'Write',
    resourceId: existing.id,
    operationName: `${resourceType(path)}/write`,
  });
  return { status: 200, body: renderResource(ctx, existing, behaviour) };
}

export function deleteHandler(
  ctx: EmuContext,
  req: EmuRequest,
  path: ArmPath,
  behaviour: TypeBehaviour,
): EmuResponse {
  const existing = getResource(ctx, resourceId(path));
  checkPreconditions(req, existing);
  if (!existing) return { status: 204 };
  behaviour.beforeDelete?.(ctx, existing);
  const finish = () => {
    const descendants = [...ctx.state.resources.values()].filter((r) =>
      key(r.id).startsWith(key(existing.id) + '/'),
    );
    removeResource(ctx, existing.id);
    for (const child of descendants) behaviourFor(child.type).deleted?.(ctx, child);
    behaviour.deleted?.(ctx, existing);
    ctx.emitResourceEvent({
      kind: 'Delete',
      resourceId: existing.id,
      operationName: `${resourceType(path)}/delete`,
    });
  };
  const latency = (behaviour.deleteLatencyMs ?? 0) * ctx.config.timeScale;
  if (latency <= 0) {
    finish();
    return { status: 200 };
  }
  properties(existing).provisioningState = 'Deleting';
  const op = ctx.startOperation({
    name: `${resourceType(path)}/delete`,
    resourceId: existing.id,
    durationMs: latency,
    complete: finish,
  });
  return acceptedResponse(ctx, req, path, op, { status: 202, location: true });
}
