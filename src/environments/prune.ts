// Deleting what a deployment no longer plans (prune-selection.ts): the container groups first,
// then their A records, each only when it is this environment's (ownership-delete.ts). The caller
// takes the groups out of the gateway's pools before (pool-removal.ts).
import { shortId } from '../azure/resources.js';
import { apiVersionOf } from '../plan/index.js';
import type { EnvironmentContext } from './context.js';
import { deleteOwned, type DeleteTarget } from './ownership-delete.js';
import {
  GROUP_TYPE,
  RECORD_TYPE,
  type PruneSelection,
  type PruneTarget,
} from './prune-selection.js';

/** ARM's terminal provisioning states (async-operations.md); no value at all means finished too. */
const FINISHED = /^(succeeded|failed|canceled)$/i;

/**
 * The groups of the selection an operation still runs on (a delete an earlier run stopped watching
 * at its budget, a restart): nothing is sent to them until it ends. ACI answers a write meanwhile
 * 409 ContainerGroupTransitioning, and a dependency on a non-terminal state is what
 * container-state.md asks callers not to create: the state is only told apart from the final ones.
 */
export function groupsInOperation(selection: PruneSelection): string[] {
  return selection.containerGroups.flatMap((g) => {
    const state = g.listed.properties?.provisioningState;
    return typeof state === 'string' && !FINISHED.test(state) ? [`${g.name} (${state})`] : [];
  });
}

/**
 * Deletes the selected container groups side by side, each read again and checked to be this
 * environment's right before its DELETE (a group's tags may have changed since the list; one
 * that is not ours any more is refused NotOwned, naming what it carries), and waits for each
 * delete to finish; then the A records, If-Match the etag listed, but the record of a group whose
 * delete failed or still runs, which keeps naming its group. Every delete is let finish before the
 * first failure is thrown. Answers what was deleted, groups first.
 */
export async function deleteUnplanned(
  ctx: EnvironmentContext,
  selection: PruneSelection,
): Promise<PruneTarget[]> {
  const groups = await Promise.allSettled(
    selection.containerGroups.map((g) => deleteOwned(ctx.apply, deleteTarget(g))),
  );
  const notDeleted = new Set(
    selection.containerGroups
      .filter((_, i) => groups[i]?.status === 'rejected')
      .map((g) => recordNameOf(ctx.spec.name, g.name)),
  );
  const records = selection.aRecords.filter((r) => !notDeleted.has(r.name.toLowerCase()));
  const deleted = await Promise.allSettled(
    records.map((r) => deleteOwned(ctx.apply, deleteTarget(r), r.listed)),
  );
  const failed = [...groups, ...deleted].find(
    (s): s is PromiseRejectedResult => s.status === 'rejected',
  );
  if (failed) throw failed.reason;
  return [...selection.containerGroups, ...records];
}

/** `ci-<env>-app-3` → `app-3`, `ci-<env>-dashboard` → `dashboard`: the record a group has. */
function recordNameOf(environment: string, group: string): string {
  return group.toLowerCase().replace(`ci-${environment}-`, '');
}

function deleteTarget(target: PruneTarget): DeleteTarget {
  return {
    id: target.id,
    type: target.type,
    apiVersion: apiVersionOf(target.type),
    recordedIn: target.type === RECORD_TYPE ? 'metadata' : 'tags',
  };
}

/** `ci-x-app-3` for a group, `A record app-3` for a record set: how reports name a target. */
export function describePruned(target: Pick<PruneTarget, 'id' | 'type' | 'name'>): string {
  if (target.type === GROUP_TYPE) return target.name || shortId(target.id);
  return `A record ${target.name}`;
}
