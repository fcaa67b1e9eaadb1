// GET of one resource, of a collection, and POST actions.
import type { EmulatorContext } from '../core/context.js';
import type { ArmResource, EmuRequest, EmuResponse } from '../core/model.js';
import { armShaped, type ArmRead } from './arm-shape.js';
import type { BehaviourLookup, TypeBehaviour } from './behaviour.js';
import { armErrors } from './errors.js';
import { listPage, type ListPage } from './list-pages.js';
import { key, resourceId, resourceType, type ArmPath } from './resource-id.js';
import { listChildren, requireResource } from './resource-store.js';

/** The resource as ARM answers it: the type's view, shaped the way ARM shapes it (arm-shape.ts). */
export function renderResource(
  ctx: EmulatorContext,
  resource: ArmResource,
  behaviour: TypeBehaviour,
  read?: ArmRead,
): ArmResource {
  const view = behaviour.view ? behaviour.view(ctx, resource) : resource;
  return armShaped(ctx, view, read);
}

/** A resource as a collection GET shows it: its type's `listed` view of its GET view. */
function renderListed(ctx: EmulatorContext, resource: ArmResource, behaviour: TypeBehaviour) {
  const rendered = renderResource(ctx, resource, behaviour);
  return behaviour.listed ? behaviour.listed(rendered) : rendered;
}

/**
 * `{ value: [...] }` of resources rendered with their own type's behaviour; given the request,
 * one page of them with the next page's `nextLink` (list-pages.ts).
 */
export function listResponse(
  ctx: EmulatorContext,
  resources: ArmResource[],
  behaviours: BehaviourLookup,
  req?: EmuRequest,
): EmuResponse {
  const page: ListPage<ArmResource> = req ? listPage(req, resources) : { items: resources };
  const value = page.items.map((r) => renderListed(ctx, r, behaviours(r.type)));
  return { status: 200, body: page.nextLink ? { value, nextLink: page.nextLink } : { value } };
}

export function getHandler(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const resource = requireResource(ctx, resourceId(path));
  const read: ArmRead = { method: 'GET', expand: req.query.get('$expand') ?? undefined };
  return { status: 200, body: renderResource(ctx, resource, behaviours(resource.type), read) };
}

/** GET `{scope}/providers/{ns}/{type}`: every resource of that type under the scope. */
export function listTopLevel(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const type = key(`${path.namespace}/${path.trailing ?? ''}`);
  const custom = behaviours(type).listAtScope;
  if (custom) return listResponse(ctx, custom(ctx, req, path.scope), behaviours, req);
  const scope = key(path.scope) + '/';
  const resources = [...ctx.state.resources.values()].filter(
    (r) => key(r.type) === type && key(r.id).startsWith(scope),
  );
  return listResponse(ctx, resources, behaviours, req);
}

export function collectionHandler(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const parent = requireResource(ctx, resourceId(path));
  const trailing = path.trailing ?? '';
  const custom = behaviours(parent.type).collections?.[trailing.toLowerCase()];
  if (custom) return custom(ctx, parent, req, path);
  return listResponse(ctx, listChildren(ctx, parent.id, trailing), behaviours, req);
}

export function actionHandler(
  ctx: EmulatorContext,
  req: EmuRequest,
  path: ArmPath,
  behaviours: BehaviourLookup,
): EmuResponse {
  const resource = requireResource(ctx, resourceId(path));
  const action = behaviours(resourceType(path)).actions?.[(path.trailing ?? '').toLowerCase()];
  if (!action) throw armErrors.noRoute(req.method, req.path);
  return action(ctx, resource, req, path);
}
