/**
 * Applies planned resources: resolve deploy-time references from the resources they name, GET
 * the resource, and PUT only when it drifts from the desired body. A second run with the same
 * spec therefore sends no write at all. An existing resource is changed (updated, or deleted to
 * be replaced) only when it is this environment's (ownership.ts); writes carry the conditions its
 * RP honours (ownership-conditions.ts), and a write refused with 412 is read, checked and tried
 * once more before failing.
 */

import { StillRunning } from '../activity-deadline.js';
import { AppError } from '../errors.js';
import type { ArmResource, ResourceStore } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import {
  changedMeanwhile,
  deleteConditions,
  isPreconditionFailed,
  PRECONDITION_ATTEMPTS,
  putConditions,
} from './ownership-conditions.js';
import { restartsOnUpdate } from './disruption.js';
import {
  assignmentProblem,
  metadataProblem,
  notOwned,
  ownershipMarks,
  ownershipRule,
  sameJobProblem,
  tagsProblem,
  type OwnershipRule,
} from './ownership.js';
import {
  driftOf,
  findReferences,
  replacesLine,
  resolveReferences,
  resourceChange,
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
   * Called before a disruptive change of a resource (disruption.ts: an update in place that
   * restarts a container group, or a replacement) and again once it is made: the container-groups
   * stage takes the group out of the gateway's pools there and puts it back once it is healthy
   * (roll-forward.ts). It may throw StillRunning to wait.
   */
  aroundDisruption?: (moment: Moment, planned: PlannedResource) => Promise<void>;
  /** Set by applyResources for the resources it applies at once: their disruptions queue. */
  oneDisruptionAtATime?: <T>(work: () => Promise<T>) => Promise<T>;
}

export type Moment = 'before' | 'after';

export function applyContext(
  store: ResourceStore,
  plan: Plan,
  params: ApplyContext['params'],
  log?: ApplyContext['log'],
): ApplyContext {
  return { store, plan, params, known: new Map(), log };
}

/**
 * Applies `resources` (in plan order) concurrently, each once those it needs are applied: the
 * earlier ones it depends on, references or is a child of. Independent writes overlap, so a stage
 * takes as long as its longest chain of dependent operations rather than the sum of them all
 * (two private DNS zones, four container groups). Every write is let finish before the first
 * failure is thrown, so none is left running when the activity ends. Answers in plan order.
 */
export async function applyResources(
  ctx: ApplyContext,
  resources: readonly PlannedResource[],
): Promise<AppliedResource[]> {
  const run: ApplyContext = { ...ctx, oneDisruptionAtATime: oneAtATime() };
  const applying = new Map<PlannedResource, Promise<AppliedResource>>();
  const settled = await Promise.allSettled(
    resources.map((resource, index) => {
      const needed = neededIds(resource);
      const before = resources
        .slice(0, index)
        .filter((earlier) => needed(earlier.id.toLowerCase()))
        .flatMap((earlier) => applying.get(earlier) ?? []);
      const applied = Promise.all(before).then(() => applyResource(run, resource));
      applying.set(resource, applied);
      return applied;
    }),
  );
  const failed = firstFailure(settled);
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<AppliedResource>).value);
}

/**
 * The first rejection in plan order, a failure before a "not ready" (StillRunning): a group whose
 * update failed is named even when another group is only waiting.
 */
function firstFailure(
  settled: readonly PromiseSettledResult<unknown>[],
): PromiseRejectedResult | undefined {
  const rejected = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  return rejected.find((s) => !(s.reason instanceof StillRunning)) ?? rejected[0];
}

/**
 * Whether `resource` must wait for the resource of an id: it depends on, references or lies under
 * it. A teardown reads it backwards: `resource` goes before what it needs (src/teardown).
 */
export function neededIds(resource: PlannedResource): (id: string) => boolean {
  const own = resource.id.toLowerCase();
  const scope = resource.scope?.toLowerCase();
  const named = new Set([
    ...resource.dependsOn.map((dep) => dep.toLowerCase()),
    ...findReferences(resource.body).flatMap((r) =>
      r.kind === 'ref' ? [r.resourceId.toLowerCase()] : [],
    ),
    ...(scope ? [scope] : []),
  ]);
  return (id) =>
    named.has(id) || own.startsWith(`${id}/`) || (scope?.startsWith(`${id}/`) ?? false);
}

export async function applyResource(
  ctx: ApplyContext,
  planned: PlannedResource,
): Promise<AppliedResource> {
  refuseGateway(planned);
  const body = await resolvedBody(ctx, planned);
  for (let attempt = 1; ; attempt++) {
    const actual = await ctx.store.get(planned.id, planned.apiVersion);
    requireSettled(actual);
    try {
      const applied = await converge(ctx, planned, body, actual);
      ctx.known.set(planned.id.toLowerCase(), applied.resource);
      return applied;
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
      if (attempt >= PRECONDITION_ATTEMPTS) throw changedMeanwhile(planned, error as AppError);
      ctx.log?.(
        `${shortId(planned.id)} changed since it was read (PreconditionFailed); reading it again`,
      );
    }
  }
}

/** One read's worth: nothing when it matches, otherwise a create, or an update of what is ours. */
async function converge(
  ctx: ApplyContext,
  planned: PlannedResource,
  body: JsonObject,
  actual: ArmResource | undefined,
): Promise<AppliedResource> {
  const change = resourceChange(planned.type, body, actual);
  const drift = driftOf(change);
  const result = { id: planned.id, name: planned.name, type: planned.type };
  if (actual && change.action === 'unchanged')
    return { ...result, changed: false, drift, resource: actual };
  if (actual && !(await requireOwned(ctx, planned, body, actual)))
    return { ...result, changed: false, drift: [], resource: actual };
  if (actual && change.action === 'replace') {
    const { replaces } = change;
    const resource = await replace(ctx, planned, body, replaces, actual);
    return { ...result, changed: true, drift, replaces, resource };
  }
  const update = async () => {
    ctx.log?.(
      `${actual ? 'updating' : 'creating'} ${shortId(planned.id)}${actual ? ` (${drift.slice(0, 3).join(', ')})` : ''}`,
    );
    const options = putConditions(planned.type, actual);
    return ctx.store.put(planned.id, planned.apiVersion, body, options);
  };
  const resource =
    actual && restartsOnUpdate(planned.type)
      ? await disruptively(ctx, planned, update)
      : await update();
  return { ...result, changed: true, drift, resource };
}

/**
 * A change that takes the resource out of service for a while, one at a time however many
 * resources are applied at once, with the context's hook before and after it (roll-forward.ts).
 */
async function disruptively<T>(
  ctx: ApplyContext,
  planned: PlannedResource,
  change: () => Promise<T>,
): Promise<T> {
  const work = async () => {
    await ctx.aroundDisruption?.('before', planned);
    const changed = await change();
    await ctx.aroundDisruption?.('after', planned);
    return changed;
  };
  return ctx.oneDisruptionAtATime ? ctx.oneDisruptionAtATime(work) : work();
}

/**
 * Refuses to change a resource that is not this environment's (ownership.ts); answers false for
 * a shared one another environment created, which is used as it is.
 */
async function requireOwned(
  ctx: ApplyContext,
  planned: PlannedResource,
  body: JsonObject,
  actual: ArmResource,
): Promise<boolean> {
  const refusal = await ownershipRefusal(ctx, planned, body, actual);
  if (!refusal) return true;
  const { rule, problem } = refusal;
  if (rule.kind !== 'shared') throw notOwned(planned, ctx.plan.environment, rule, problem);
  ctx.log?.(`using ${shortId(planned.id)} as it is: ${problem} (it is shared)`);
  return false;
}

/**
 * Why the apply would leave the existing `actual` as it is rather than change it to `body`
 * (ownership.ts): it is not this environment's (the apply fails NotOwned), or it is shared and
 * another environment's (rule `shared`: used as it is). Undefined when it is ours. Reads nothing
 * but, for a child, its planned parent.
 */
export async function ownershipRefusal(
  ctx: ApplyContext,
  planned: PlannedResource,
  body: JsonObject,
  actual: ArmResource,
): Promise<{ rule: OwnershipRule; problem: string } | undefined> {
  const rule = ownershipRule(planned);
  const problem = await ownershipProblem(ctx, rule, planned, body, actual);
  return problem ? { rule, problem } : undefined;
}

async function ownershipProblem(
  ctx: ApplyContext,
  rule: OwnershipRule,
  planned: PlannedResource,
  body: JsonObject,
  actual: ArmResource,
): Promise<string | undefined> {
  const marks = ownershipMarks(ctx.plan.environment);
  switch (rule.kind) {
    case 'shared':
    case 'tags':
      return tagsProblem(actual, marks);
    case 'metadata':
      return metadataProblem(actual, marks);
    case 'assignment':
      return assignmentProblem(body, actual);
    case 'parent': {
      const inPlan = ctx.plan.resources.some(
        (r) => r.id.toLowerCase() === rule.parentId.toLowerCase(),
      );
      if (!inPlan) return sameJobProblem(planned, body, actual);
      const parentProblem = tagsProblem(await readKnown(ctx, rule.parentId), marks);
      return parentProblem && `its parent ${shortId(rule.parentId)} is not: ${parentProblem}`;
    }
  }
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
  actual: ArmResource,
): Promise<ArmResource> {
  return disruptively(ctx, planned, async () => {
    ctx.log?.(replacesLine(shortId(planned.id), replaces));
    await ctx.store.delete(planned.id, planned.apiVersion, deleteConditions(planned.type, actual));
    return ctx.store.put(
      planned.id,
      planned.apiVersion,
      body,
      putConditions(planned.type, undefined),
    );
  });
}

/**
 * Runs disruptions one after another, however many resources are applied at once: each takes its
 * resource down for a while (a container group: the gateway keeps the others as backends). The
 * first that fails stops the rest: each later one fails with the same error without starting,
 * and the resources it would have changed keep serving. One that is only not ready yet
 * (StillRunning) stops nothing: the next one's own check decides whether it may go.
 */
function oneAtATime(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  let failure: Error | undefined;
  return (work) => {
    const guarded = () => (failure === undefined ? work() : Promise.reject(failure));
    const next = last.then(guarded, guarded);
    last = next.catch((error: unknown) => {
      if (error instanceof StillRunning) return;
      failure ??= error instanceof Error ? error : new Error(String(error));
    });
    return next;
  };
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
