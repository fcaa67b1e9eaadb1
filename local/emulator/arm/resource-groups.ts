// Resource groups: `/subscriptions/{s}/resourcegroups/{rg}`. Create and get are synchronous; delete
// is a Location-style long-running operation that removes every resource inside.
import type { EmulatorContext } from '../core/context.js';
import type { EmuRequest, EmuResponse, ResourceGroup } from '../core/model.js';
import type { BehaviourLookup } from './behaviour.js';
import { armErrors } from './errors.js';
import { acceptedResponse } from './lro.js';
import type { ResourceGroupRef } from './request-target.js';
import { key, resourceGroupId } from './resource-id.js';
import { requireObjectBody, resourcesBelow } from './resource-store.js';

export function findResourceGroup(
  ctx: EmulatorContext,
  sub: string,
  rg: string,
): ResourceGroup | undefined {
  return ctx.state.resourceGroups.get(key(resourceGroupId(sub, rg)));
}

function requireResourceGroup(ctx: EmulatorContext, ref: ResourceGroupRef): ResourceGroup {
  const group = findResourceGroup(ctx, ref.subscription, ref.resourceGroup);
  if (!group) throw armErrors.resourceGroupNotFound(ref.resourceGroup);
  return group;
}

export function putResourceGroup(
  ctx: EmulatorContext,
  req: EmuRequest,
  ref: ResourceGroupRef,
): EmuResponse {
  const body = requireObjectBody(req);
  const existing = findResourceGroup(ctx, ref.subscription, ref.resourceGroup);
  if (typeof body.location !== 'string') throw armErrors.locationRequired();
  const group: ResourceGroup = {
    id: existing?.id ?? resourceGroupId(ref.subscription, ref.resourceGroup),
    name: existing?.name ?? ref.resourceGroup,
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
  ctx: EmulatorContext,
  req: EmuRequest,
  ref: ResourceGroupRef,
): EmuResponse {
  const group = requireResourceGroup(ctx, ref);
  return req.method === 'HEAD' ? { status: 204 } : { status: 200, body: group };
}

export function listResourceGroups(ctx: EmulatorContext, subscription: string): EmuResponse {
  const prefix = key(`/subscriptions/${subscription}/`);
  const value = [...ctx.state.resourceGroups.values()].filter((g) => key(g.id).startsWith(prefix));
  return { status: 200, body: { value } };
}

export function listResourcesInGroup(ctx: EmulatorContext, ref: ResourceGroupRef): EmuResponse {
  const group = requireResourceGroup(ctx, ref);
  const value = resourcesBelow(ctx, `${group.id}/providers`, 3).map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    location: r.location,
    tags: r.tags,
  }));
  return { status: 200, body: { value } };
}

export function deleteResourceGroup(
  ctx: EmulatorContext,
  req: EmuRequest,
  ref: ResourceGroupRef,
  behaviours: BehaviourLookup,
): EmuResponse {
  const group = requireResourceGroup(ctx, ref);
  const prefix = key(group.id) + '/';
  const complete = () => {
    for (const [k, r] of [...ctx.state.resources]) {
      if (!k.startsWith(prefix)) continue;
      ctx.state.resources.delete(k);
      behaviours(r.type).deleted?.(ctx, r);
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
    subscription: ref.subscription,
    scope: group.id,
    namespace: 'Microsoft.Resources',
    types: [],
    names: [],
  };
  return acceptedResponse(ctx, req, path, op, { status: 202, location: true });
}
