// GET of one resource, of a collection, and POST actions.
import type { ArmResource, EmuContext, EmuRequest, EmuResponse } from '../types.js';
import type { TypeBehaviour } from './behaviour.js';
import { armErrors } from './errors.js';
import { key, resourceId, resourceType, type ArmPath } from './resource-id.js';
import { getResource, listChildren, notFound } from './resource-store.js';

export function renderResource(
  ctx: EmuContext,
  resource: ArmResource,
  behaviour: TypeBehaviour,
): ArmResource {
  const view = behaviour.view ? behaviour.view(ctx, resource) : resource;
  return structuredClone(view);
}

export function getHandler(
  ctx: EmuContext,
  _req: EmuRequest,
  path: ArmPath,
  behaviourFor: (type: string) => TypeBehaviour,
): EmuResponse {
  const id = resourceId(path);
  const resource = getResource(ctx, id);
  if (!resource) throw notFound(id);
  return { status: 200, body: renderResource(ctx, resource, behaviourFor(resource.type)) };
}

/** GET `{scope}/providers/{ns}/{type}`: every resource of that type under the scope. */
export function listTopLevel(
  ctx: EmuContext,
  path: ArmPath,
  behaviourFor: (type: string) => TypeBehaviour,
): EmuResponse {
  const type = key(`${path.namespace}/${path.trailing ?? ''}`);
  const scope = key(path.scope) + '/';
  const value = [...ctx.state.resources.values()]
    .filter((r) => key(r.type) === type && key(r.id).startsWith(scope))
    .map((r) => renderResource(ctx, r, behaviourFor(r.type)));
  return { status: 200, body: { value } };
}

export function collectionHandler(
  ctx: EmuContext,
  req: EmuRequest,
  path: ArmPath,
  behaviourFor: (type: string) => TypeBehaviour,
): EmuResponse {
  const id = resourceId(path);
  const parent = getResource(ctx, id);
  if (!parent) throw notFound(id);
  const trailing = path.trailing ?? '';
  const custom = behaviourFor(parent.type).collections?.[trailing.toLowerCase()];
  if (custom) return custom(ctx, parent, req, path);
  const value = listChildren(ctx, id, trailing).map((r) =>
    renderResource(ctx, r, behaviourFor(r.type)),
  );
  return { status: 200, body: { value } };
}

export function actionHandler(
  ctx: EmuContext,
  req: EmuRequest,
  path: ArmPath,
  behaviourFor: (type: string) => TypeBehaviour,
): EmuResponse {
  const id = resourceId(path);
  const resource = getResource(ctx, id);
  if (!resource) throw notFound(id);
  const action = behaviourFor(resourceType(path)).actions?.[(path.trailing ?? '').toLowerCase()];
  if (!action) throw armErrors.noRoute(req.method, req.path);
  return action(ctx, resource, req, path);
}
