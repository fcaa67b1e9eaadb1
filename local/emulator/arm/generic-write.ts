// PUT, PATCH and DELETE on any resource under a resource group, with the per-type behaviour applied.
import type { EmulatorContext } from '../core/context.js';
import type { ArmResource, AsyncOperation, EmuRequest, EmuResponse } from '../core/model.js';
import { runningOperation, supersededError } from '../core/operation-engine.js';
import type { BehaviourLookup, TypeBehaviour } from './behaviour.js';
import { ArmError, armErrors } from './errors.js';
import { acceptedResponse } from './lro.js';
import { key, nameOf, resourceId, resourceType, type ArmPath } from './resource-id.js';
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

/** How the type's RP words a 412 about the resource at `path`, when it has its own words. */
function wordingOf(
  behaviour: TypeBehaviour,
  path: ArmPath,
): { noun: string; name: string } | undefined {
  if (!behaviour.conditionalNoun) return undefined;
  return { noun: behaviour.conditionalNoun, name: nameOf(resourceId(path)) };
}

/** ARM's `{type}/write` or `{type}/delete` event for a resource, as Event Grid sees it. */
function emitEvent(
  ctx: EmulatorContext,
  kind: 'Write' | 'Delete',
  path: ArmPath,
  resource: ArmResource,
): void {
  const operationName = `${resourceType(path)}/${kind.toLowerCase()}`;
  ctx.emitResourceEvent({ kind, resourceId: resource.id, operationName });
}

/** What a PUT or PATCH starts from: the type's behaviour, the JSON body, the stored resource. */
function writeRequest(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
) {
  const behaviour = behaviours(resourceType(path));
  const body = requireObjectBody(req);
  return { behaviour, body, existing: getResource(ctx, resourceId(path)) };
}

export function putHandler(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const { behaviour, body, existing } = writeRequest(ctx, req, path, behaviours);
  checkPreconditions(req, existing, wordingOf(behaviour, path));
  const resource = buildResource(path, body, behaviour);
  const etag = newEtag(ctx, behaviour.etag);
  if (etag) resource.etag = etag;
  behaviour.prepare?.(ctx, resource, existing);
  const status = existing ? 200 : 201;
  const finish = () => {
    properties(resource).provisioningState = 'Succeeded';
    behaviour.provisioned?.(ctx, resource);
    emitEvent(ctx, 'Write', path, resource);
  };
  const latencyMs = existing ? behaviour.latency.updateMs : behaviour.latency.createMs;
  if (latencyMs * ctx.config.timeScale <= 0 && !behaviour.provision) {
    const failure = behaviour.provisionCheck?.(ctx, resource);
    if (failure) throw new ArmError(400, failure.code, failure.message, failure.details);
    putResource(ctx, resource);
    finish();
    return { status, body: renderResource(ctx, resource, behaviour, { method: 'PUT' }) };
  }
  const op = startPut(ctx, path, behaviour, resource, finish, existing !== undefined, latencyMs);
  return acceptedResponse(ctx, req, path, op, {
    status,
    body: renderResource(ctx, resource, behaviour, { method: 'PUT' }),
  });
}

/** Stores the resource in its pending state and starts (or hands off) the PUT's operation. */
function startPut(
  ctx: EmulatorContext,
  path: ArmPath,
  behaviour: TypeBehaviour,
  resource: ArmResource,
  finish: () => void,
  exists: boolean,
  latencyMs: number,
): AsyncOperation {
  properties(resource).provisioningState =
    behaviour.pendingState ?? (exists ? 'Updating' : 'Creating');
  const previous = runningOperation(ctx.state, resource.id);
  putResource(ctx, resource);
  const op = ctx.startOperation({
    name: `${resourceType(path)}/write`,
    resourceId: resource.id,
    durationMs: behaviour.provision ? Infinity : latencyMs * ctx.config.timeScale,
    complete: finish,
    verify: () => behaviour.provisionCheck?.(ctx, resource),
    cancel: () => {
      if (properties(resource).provisioningState !== 'Succeeded')
        properties(resource).provisioningState = 'Failed';
    },
  });
  // A newer PUT cancels the running one, as the Network RP does.
  if (previous) {
    const name = behaviour.supersedeName ?? 'PutOperation';
    ctx.cancelOperation(previous.id, supersededError(name, previous.id, op.id));
  }
  behaviour.provision?.(ctx, resource, (error) => ctx.finishOperation(op.id, error));
  return op;
}

export function patchHandler(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const { behaviour, body, existing } = writeRequest(ctx, req, path, behaviours);
  if (!existing)
    throw armErrors.resourceNotFound(
      resourceType(path),
      nameOf(resourceId(path)),
      path.resourceGroup ?? '',
    );
  checkPreconditions(req, existing, wordingOf(behaviour, path));
  if (body.tags && typeof body.tags === 'object') existing.tags = { ...body.tags };
  if (body.properties && typeof body.properties === 'object') {
    Object.assign(properties(existing), body.properties);
  }
  const etag = newEtag(ctx, behaviour.etag);
  if (etag) existing.etag = etag;
  emitEvent(ctx, 'Write', path, existing);
  return { status: 200, body: renderResource(ctx, existing, behaviour, { method: 'PATCH' }) };
}

export function deleteHandler(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const behaviour = behaviours(resourceType(path));
  const existing = getResource(ctx, resourceId(path));
  checkPreconditions(req, existing, wordingOf(behaviour, path));
  if (!existing) return { status: 204 };
  behaviour.beforeDelete?.(ctx, existing);
  const finish = () => {
    const descendants = [...ctx.state.resources.values()].filter((r) =>
      key(r.id).startsWith(key(existing.id) + '/'),
    );
    removeResource(ctx, existing.id);
    for (const child of descendants) behaviours(child.type).deleted?.(ctx, child);
    behaviour.deleted?.(ctx, existing);
    emitEvent(ctx, 'Delete', path, existing);
  };
  const latency = behaviour.latency.deleteMs * ctx.config.timeScale;
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
    // A delete that did not complete leaves the resource in place, Failed ("the stop/delete event
    // did not complete", container-state.md), not Deleting for ever.
    cancel: () => {
      if (properties(existing).provisioningState === 'Deleting')
        properties(existing).provisioningState = 'Failed';
    },
  });
  return acceptedResponse(ctx, req, path, op, { status: 202, location: true });
}
