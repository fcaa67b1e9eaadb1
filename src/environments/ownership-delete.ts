// Deleting what the plan no longer wants (a group's private A record once it lost its IP): only
// when it is this environment's, If-Match the etag read where the RP honours it.
import type { ArmResource } from '../azure/resources.js';
import { shortId } from '../azure/resources.js';
import type { AppError } from '../errors.js';
import type { ApplyContext } from './apply.js';
import {
  changedMeanwhile,
  deleteConditions,
  isPreconditionFailed,
  PRECONDITION_ATTEMPTS,
} from './ownership-conditions.js';
import { metadataProblem, notOwned, ownershipMarks, tagsProblem } from './ownership.js';

export interface DeleteTarget {
  id: string;
  type: string;
  apiVersion: string;
  /** Where its owner is recorded: ARM tags, or a record set's metadata. */
  recordedIn: 'tags' | 'metadata';
}

/**
 * Deletes the resource when it exists and is this environment's; refuses one that is not (its
 * owner is named); a 412 (it changed since it was read) reads and checks it once more.
 * `read` is what the caller read already, saving one GET.
 */
export async function deleteOwned(
  ctx: ApplyContext,
  target: DeleteTarget,
  read?: ArmResource,
): Promise<void> {
  let actual = read ?? (await ctx.store.get(target.id, target.apiVersion));
  for (let attempt = 1; actual; attempt++) {
    requireOwnedForDelete(ctx, target, actual);
    try {
      ctx.log?.(`deleting ${shortId(target.id)}`);
      await ctx.store.delete(target.id, target.apiVersion, deleteConditions(target.type, actual));
      return;
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
      if (attempt >= PRECONDITION_ATTEMPTS) throw changedMeanwhile(target, error as AppError);
      ctx.log?.(
        `${shortId(target.id)} changed since it was read (PreconditionFailed); reading it again`,
      );
      actual = await ctx.store.get(target.id, target.apiVersion);
    }
  }
}

function requireOwnedForDelete(ctx: ApplyContext, target: DeleteTarget, actual: ArmResource) {
  const marks = ownershipMarks(ctx.plan.environment);
  const problem =
    target.recordedIn === 'metadata' ? metadataProblem(actual, marks) : tagsProblem(actual, marks);
  if (problem) throw notOwned(target, ctx.plan.environment, { kind: target.recordedIn }, problem);
}
