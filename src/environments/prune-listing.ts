// What a prune decision reads: one list of the resource group's container groups and one of the
// private zone's A record sets, the reads the reconciler makes too (group-listing.ts,
// follow-groups.ts), whatever the number of groups.
import { apiVersionOf, planIds } from '../plan/index.js';
import type { EnvironmentContext } from './context.js';
import {
  GROUP_TYPE,
  pruneSelection,
  RECORD_TYPE,
  type PruneListing,
  type PruneSelection,
} from './prune-selection.js';

/** The two lists; a resource group or zone that does not exist lists nothing. */
export async function listPruneCandidates(ctx: EnvironmentContext): Promise<PruneListing> {
  const ids = planIds(ctx.spec);
  const [containerGroups, aRecords] = await Promise.all([
    ctx.apply.store.list(`${ids.resourceGroup}/providers/${GROUP_TYPE}`, apiVersionOf(GROUP_TYPE)),
    ctx.apply.store.list(`${ids.appPrivateZone}/A`, apiVersionOf(RECORD_TYPE)),
  ]);
  return { containerGroups: containerGroups ?? [], aRecords: aRecords ?? [] };
}

/** What a deployment of the context's spec deletes now (prune-selection.ts), read from Azure. */
export async function readPruneSelection(ctx: EnvironmentContext): Promise<PruneSelection> {
  return pruneSelection(ctx.spec, ctx.plan, await listPruneCandidates(ctx));
}
