/**
 * Applies planned resources: resolve deploy-time references from the resources they name, GET
 * the resource, and PUT only when it drifts from the desired body. A second run with the same
 * spec therefore sends no write at all.
 */

import { StillRunning } from '../activity-deadline.js';
import { AppError } from '../errors.js';
import type { ArmResource, ResourceStore } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import {
  bodyDrift,
  findReferences,
  replacementsOf,
  replacesLine,
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
  /** Set when it was deleted and created again: the properties Azure cannot change in place. */
  replaces?: string[];
  resource: ArmResource;
}

export interface ApplyContext {
  store: ResourceStore;
  plan: Plan;
  params: Record<string, string | undefined>;
  /** Resources already read in this run, by lower-cased id. */
  known: Map<string, ArmResource>;
  log?: (line: string) => void;
  /**
   * Called before a resource is deleted to be replaced and again once it is created anew (the
   * container-groups stage rolls the records and the gateway's pools forward there); it may
   * throw StillRunning to wait.
   */
  aroundReplace?: (moment: 'before' | 'after', planned: PlannedResource) => Promise<void>;
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
  refuseGateway(planned);
  const body = await resolvedBody(ctx, planned);
  const actual = await ctx.store.get(planned.id, planned.apiVersion);
  requireSettled(actual);
  const drift = actual ? bodyDrift(body, actual) : ['(absent)'];
  const replaces = actual && drift.length > 0 ? replacementsOf(planned.type, body, actual) : [];
  let resource = actual;
  if (replaces.length > 0) resource = await replace(ctx, planned, body, replaces);
  else if (!resource || drift.length > 0) {
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
    ...(replaces.length > 0 ? { replaces } : {}),
    resource,
  };
}

/**
 * A change Azure refuses to make in place (a container group's CPU, restart policy, …: see
 * src/plan/replacements.ts): delete, wait until the delete has finished, create. Run again after a
 * failure, the GET finds the resource absent and only the create remains.
 */
async function replace(
  ctx: ApplyContext,
  planned: PlannedResource,
  body: JsonObject,
  replaces: readonly string[],
): Promise<ArmResource> {
  await ctx.aroundReplace?.('before', planned);
  ctx.log?.(replacesLine(shortId(planned.id), replaces));
  await ctx.store.delete(planned.id, planned.apiVersion);
  const created = await ctx.store.put(planned.id, planned.apiVersion, body);
  await ctx.aroundReplace?.('after', planned);
  return created;
}

/**
 * The gateway has one writer, src/environments/gateway-writer.ts (If-Match on the etag it read,
 * no PUT while an operation on it runs): a plain apply would bypass both.
 */
function refuseGateway(planned: PlannedResource): void {
  if (planned.type.toLowerCase() !== 'microsoft.network/applicationgateways') return;
  throw new AppError(
    'unexpected',
    'GatewayWriterOnly',
    `${shortId(planned.id)} is written only through writeGateway (src/environments/gateway-writer.ts), never by the generic apply`,
  );
}

/**
 * A resource whose provisioningState is not final (neither Succeeded, Failed nor Canceled, nor
 * absent: articles/azure-resource-manager/management/async-operations.md) has an operation running
 * on it, for example a PUT an earlier run stopped watching at its budget: this run waits for it
 * ("not ready") instead of taking its body for done or sending a PUT into it.
 */
function requireSettled(actual: ArmResource | undefined): void {
  const state = actual?.properties?.provisioningState;
  if (typeof state !== 'string' || /^(succeeded|failed|canceled)$/i.test(state)) return;
  throw new StillRunning(
    `${shortId(actual?.id ?? '')} is ${state}: an operation on it still runs; the next run checks again`,
  );
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
