// The generic store: lookups by case-insensitive id, child listing, etags and preconditions.
import type { ArmError } from './errors.js';
import { armErrors } from './errors.js';
import { key, nameOf } from './resource-id.js';
import type { TypeBehaviour } from './behaviour.js';
import type { EmulatorContext } from '../core/context.js';
import type { ArmResource, EmuRequest } from '../core/model.js';

export function getResource(ctx: EmulatorContext, id: string): ArmResource | undefined {
  return ctx.state.resources.get(key(id));
}

/** The resource, or ARM's `ResourceNotFound` for its id. */
export function requireResource(ctx: EmulatorContext, id: string): ArmResource {
  const resource = getResource(ctx, id);
  if (!resource) throw notFound(id);
  return resource;
}

export function putResource(ctx: EmulatorContext, resource: ArmResource): void {
  ctx.state.resources.set(key(resource.id), resource);
}

export function removeResource(ctx: EmulatorContext, id: string): void {
  const prefix = key(id) + '/';
  for (const k of [...ctx.state.resources.keys()]) {
    if (k === key(id) || k.startsWith(prefix)) ctx.state.resources.delete(k);
  }
}

/** Direct children of `parentId` in collection `childType` (e.g. a VNet's `subnets`). */
export function listChildren(
  ctx: EmulatorContext,
  parentId: string,
  childType: string,
): ArmResource[] {
  const prefix = key(`${parentId}/${childType}/`);
  return [...ctx.state.resources.entries()]
    .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
    .map(([, r]) => r);
}

/** Resources exactly `depth` segments below `id` (a zone's record sets `{type}/{name}`: 2). */
export function resourcesBelow(ctx: EmulatorContext, id: string, depth: number): ArmResource[] {
  const prefix = key(id) + '/';
  return [...ctx.state.resources.entries()]
    .filter(([k]) => k.startsWith(prefix) && k.slice(prefix.length).split('/').length === depth)
    .map(([, r]) => r);
}

export function newEtag(ctx: EmulatorContext, style: TypeBehaviour['etag']): string | undefined {
  if (!style) return undefined;
  return style === 'weak' ? `W/"${ctx.newId()}"` : ctx.newId();
}

/**
 * If-Match / If-None-Match as ARM applies them to PUT, PATCH and DELETE (RFC 7232: If-Match with
 * no current resource fails too). A type with `conditionalNoun` (the DNS and Private DNS RPs)
 * words the 412 as those RPs do; `name` is the resource's name as the request spells it.
 */
export function checkPreconditions(
  req: EmuRequest,
  existing: ArmResource | undefined,
  wording?: { noun: string; name: string },
): void {
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  const etag = typeof existing?.etag === 'string' ? existing.etag : undefined;
  const modified = () =>
    wording
      ? armErrors.dnsEtagMismatch(wording.noun, wording.name)
      : armErrors.preconditionFailed();
  if (ifMatch !== undefined) {
    if (!existing) throw modified();
    if (ifMatch !== '*' && ifMatch !== etag) throw modified();
  }
  if (ifNoneMatch === '*' && existing)
    throw wording
      ? armErrors.dnsAlreadyExists(wording.noun, wording.name)
      : armErrors.preconditionFailed();
  if (ifNoneMatch && ifNoneMatch !== '*' && etag === ifNoneMatch) throw modified();
}

export function requireObjectBody(req: EmuRequest): Record<string, unknown> {
  if (
    req.body === undefined ||
    req.body === null ||
    typeof req.body !== 'object' ||
    Array.isArray(req.body)
  ) {
    throw armErrors.invalidContent(req.rawBody.slice(0, 80) || 'empty body');
  }
  return req.body as Record<string, unknown>;
}

export function notFound(id: string): ArmError {
  const parts = id.split('/');
  const providers = parts.map((p) => p.toLowerCase()).lastIndexOf('providers');
  const typeParts = parts.slice(providers + 1).filter((_, i) => i === 0 || i % 2 === 1);
  const rg = parts[4] ?? '';
  return armErrors.resourceNotFound(typeParts.join('/'), nameOf(id), rg);
}

export function properties(resource: ArmResource): Record<string, unknown> {
  if (typeof resource.properties !== 'object' || resource.properties === null)
    resource.properties = {};
  return resource.properties as Record<string, unknown>;
}
