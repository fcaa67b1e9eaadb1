// Resource groups: `/subscriptions/{s}/resourcegroups/{rg}`. Create and get are synchronous; delete
// is a Location-style long-running operation that removes every resource inside.
import type { EmuContext, EmuRequest, EmuResponse, ResourceGroup } from '../types.js';
import { behaviourFor } from './registry.js';
import { armErrors } from './errors.js';
import { acceptedResponse } from './lro.js';
import { key, resourceGroupId } from './resource-id.js';
import { requireObjectBody } from './resource-store.js';

const rgKey = (sub: string, rg: string) => key(resourceGroupId(sub, rg));

export function findResourceGroup(
  ctx: EmuContext,
  sub: string,
  rg: string,
): ResourceGroup | undefined {
  return ctx.state.resourceGroups.get(rgKey(sub, rg));
}

export function putResourceGroup(
  ctx: EmuContext,
  req: EmuRequest,
  p: Record<string, string>,
): EmuResponse {
  const body = requireObjectBody(req);
  const sub = p.sub ?? '';
  const existing = findResourceGroup(ctx, sub, p.rg ?? '');
  if (typeof body.location !== 'string') throw armErrors.locationRequired();
  const group: ResourceGroup = {
    id: existing?.id ?? resourceGroupId(sub, p.rg ?? ''),
    name: existing?.name ?? p.rg ?? '',
    type: 'Microsoft.Resources/resourceGroups',
    location: body.location.toLowerCase().replace(/\s+/g, ''),
    properties: { provisioningState: 'Succeeded' },
  };
  if (body.tags && typeof body.tags === 'object') group.tags = body.tags as Record<string, string>;
  ctx.state.resourceGroups.set(key(group.id), group);
  ctx.emitResourceEvent({
    kind: 'Write',
    resourceId: group.id,
    operationName: 'Microsoft.Resources/subscriptions/resourceGroups/write',
  });
  return { status: existing ? 200 : 201, body: group };
}

export function getResourceGroup(
  ctx: EmuContext,
  req: EmuRequest,
  p: Record<string, string>,
): EmuResponse {
  const group = findResourceGroup(ctx, p.sub ?? '', p.rg ?? '');
  if (!group) throw armErrors.resourceGroupNotFound(p.rg ?? '');
  return req.method === 'HEAD' ? { status: 204 } : { status: 200, body: group };
}

export function listResourceGroups(
  ctx: EmuContext,
  _req: EmuRequest,
  p: Record<string, string>,
): EmuResponse {
  const prefix = key(`/subscriptions/${p.sub ?? ''}/`);
  const value = [...ctx.state.resourceGroups.values()].filter((g) => key(g.id).startsWith(prefix));
  return { status: 200, body: { value } };
}

export function listResourcesInGroup(
  ctx: EmuContext,
  _req: EmuRequest,
  p: Record<string, string>,
): EmuResponse {
  const group = findResourceGroup(ctx, p.sub ?? '', p.rg ?? '');
  if (!group) throw armErrors.resourceGroupNotFound(p.rg ?? '');
  const prefix = key(group.id) + '/providers/';
  const value = [...ctx.state.resources.values()]
    .filter(
      (r) => key(r.id).startsWith(prefix) && key(r.id).slice(prefix.length).split('/').length === 3,
    )
    .map((r) => ({ id: r.id, name: r.name, type: r.type, location: r.location, tags: r.tags }));
  return { status: 200, body: { value } };
}

export function deleteResourceGroup(
  ctx: EmuContext,
  req: EmuRequest,
  p: Record<string, string>,
): EmuResponse {
  const group = findResourceGroup(ctx, p.sub ?? '', p.rg ?? '');
  if (!group) throw armErrors.resourceGroupNotFound(p.rg ?? '');
  const prefix = key(group.id) + '/';
  const complete = () => {
    for (const [k, r] of [...ctx.state.resources]) {
      if (!k.startsWith(prefix)) continue;
      ctx.state.resources.delete(k);
      behaviourFor(r.type).deleted?.(ctx, r);
    }
    ctx.state.resourceGroups.delete(key(group.id));
  };
  const op = ctx.startOperation({
    name: 'Microsoft.Resources/resourceGroups/delete',
    resourceId: group.id,
    durationMs: 30_000 * ctx.config.timeScale,
    complete,
  });
  const path = {
    subscription: p.sub ?? '',
    scope: group.id,
    namespace: 'Microsoft.Resources',
    types: [],
    names: [],
  };
  return acceptedResponse(ctx, req, path, op, { status: 202, location: true });
}
