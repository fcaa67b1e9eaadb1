/**
 * Applies planned resources: resolve deploy-time references from the resources they name, GET
 * the resource, and PUT only when it drifts from the desired body. A second run with the same
 * spec therefore sends no write at all.
 */

import { AppError } from '../errors.js';
import type { ArmResource, ResourceStore } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import {
  bodyDrift,
  findReferences,
  resolveReferences,
  type JsonObject,
  type Plan,
  type PlannedResource,
} from '../plan/index.js';

export interface AppliedResource {
  id: string;
  name: string;
  type: string;
  /** Whether a PUT was sent. */
  changed: boolean;
  /** What differed before the PUT (empty when unchanged); `(absent)` when it did not exist. */
  drift: string[];
  resource: ArmResource;
}

export interface ApplyContext {
  store: ResourceStore;
  plan: Plan;
  params: Record<string, string | undefined>;
  /** Resources already read in this run, by lower-cased id. */
  known: Map<string, ArmResource>;
  log?: (line: string) => void;
}

export function applyContext(
  store: ResourceStore,
  plan: Plan,
  params: ApplyContext['params'],
  log?: ApplyContext['log'],
): ApplyContext {
  return { store, plan, params, known: new Map(), log };
}

export async function applyResources(
  ctx: ApplyContext,
  resources: readonly PlannedResource[],
): Promise<AppliedResource[]> {
  const applied: AppliedResource[] = [];
  // In plan order: a resource's dependencies inside the same stage come before it.
  for (const resource of resources) applied.push(await applyResource(ctx, resource));
  return applied;
}

export async function applyResource(
  ctx: ApplyContext,
  planned: PlannedResource,
): Promise<AppliedResource> {
  const body = await resolvedBody(ctx, planned);
  const actual = await ctx.store.get(planned.id, planned.apiVersion);
  const drift = actual ? bodyDrift(body, actual) : ['(absent)'];
  let resource = actual;
  if (!resource || drift.length > 0) {
    ctx.log?.(
      `${actual ? 'updating' : 'creating'} ${shortId(planned.id)}${actual ? ` (${drift.slice(0, 3).join(', ')})` : ''}`,
    );
    resource = await ctx.store.put(planned.id, planned.apiVersion, body);
  }
  ctx.known.set(planned.id.toLowerCase(), resource);
  return {
    id: planned.id,
    name: planned.name,
    type: planned.type,
    changed: drift.length > 0,
    drift,
    resource,
  };
}

/** Reads every resource the body references (created by an earlier stage) and substitutes. */
export async function resolvedBody(
  ctx: ApplyContext,
  planned: PlannedResource,
): Promise<JsonObject> {
  for (const reference of findReferences(planned.body)) {
    if (reference.kind !== 'ref') continue;
    await readKnown(ctx, reference.resourceId);
  }
  const resolved = resolveReferences(planned.body, { resources: ctx.known, params: ctx.params });
  if (!resolved.ok) {
    throw new AppError(
      'validation',
      'UnresolvedReference',
      `${shortId(planned.id)}: ${resolved.message}`,
    );
  }
  return resolved.value;
}

export async function readKnown(ctx: ApplyContext, id: string): Promise<ArmResource> {
  const cached = ctx.known.get(id.toLowerCase());
  if (cached) return cached;
  const planned = ctx.plan.resources.find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!planned)
    throw new AppError('validation', 'NotInPlan', `${id} is referenced but not part of the plan`);
  const resource = await ctx.store.get(planned.id, planned.apiVersion);
  if (!resource) {
    throw new AppError(
      'not-found',
      'DependencyMissing',
      `${shortId(id)} must exist before this stage; run its stage first`,
    );
  }
  ctx.known.set(id.toLowerCase(), resource);
  return resource;
}
