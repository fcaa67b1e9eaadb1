// The deployment's `prune` stage: what this environment created and its spec no longer plans (a
// container group beyond app.instances, its A record, its backend address) is deleted, in the
// order that never sends a request to a dying backend nor leaves a name on a dying group.
import {
  deleteUnplanned,
  describePruned,
  dropFromPools,
  groupState,
  groupsInOperation,
  nothingToPrune,
  readPruneSelection,
  runningWriter,
  type KeptResource,
  type PruneSelection,
  type PruneTarget,
} from '../../environments/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { drainTimeoutMs, scaledWaitMs } from './roll-checks.js';

/**
 * 1. list the resource group's container groups and the private zone's A records, and select
 *    those carrying this environment's ownership marks that the plan no longer has
 *    (prune-selection.ts; `prune: false` selects nothing and reports them kept);
 * 2. take the groups' IPs out of every backend pool through the one gateway writer (the
 *    gateway-configuration stage before this one already wrote pools of the planned groups only,
 *    so usually nothing is left to write), then wait out the gateway's connection draining, so
 *    requests the group still serves finish ("all deregistering instances of a backend pool don't
 *    receive any new requests while allowing existing requests to complete",
 *    articles/application-gateway/features.md);
 * 3. delete the groups and wait until each delete has finished (ACI's DELETE is a long-running
 *    operation; the group holds its subnet address until it ends);
 * 4. delete their A records, so a name never points at nothing while its group still runs.
 *
 * "Not ready" while an operation still runs on a group to delete, while the environment's
 * reconcile instance runs (it may be writing the gateway: gateway-writers.ts) and while an
 * operation on the gateway runs. Run again after any of them, it starts over from the lists:
 * what was deleted is no longer listed.
 */
export async function pruneStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const selection = await readPruneSelection(ctx);
  if (nothingToPrune(selection)) return pruneReport([], selection.kept);
  const operating = groupsInOperation(selection);
  if (operating.length > 0)
    return notReady(`an operation still runs on ${operating.join(', ')}; deleting after it ends`);
  const out = await outOfPools(ctx, selection);
  if (out) return out;
  const deleted = await deleteUnplanned(ctx, selection);
  return pruneReport(deleted, selection.kept);
}

/** Step 2: no pool holds a group to delete and its open requests had the drain to finish. */
async function outOfPools(
  ctx: StageContext,
  selection: PruneSelection,
): Promise<NotReady | undefined> {
  const serving = selection.containerGroups.flatMap((g) => {
    const ip = groupState(g.listed).ip;
    return ip ? [{ name: g.name, ip }] : [];
  });
  if (serving.length === 0) return undefined;
  const names = serving.map((s) => s.name).join(', ');
  const reconcile = await runningWriter(ctx.services.instances, 'reconcile', ctx.spec.name);
  if (reconcile)
    return notReady(
      `${reconcile} is running and may be writing the gateway; waiting before taking ${names} out of the pools`,
    );
  const removal = await dropFromPools(
    ctx,
    serving.map((s) => s.ip),
  );
  if ('busy' in removal) return notReady(`${removal.busy}; waiting before taking ${names} out`);
  if (removal.pools.length > 0)
    ctx.log(`taking ${names} out: pool ${removal.pools.join(', ')} updated`);
  // The pools may have dropped them only a moment ago (gateway-configuration): drain either way.
  const drainMs = removal.gateway ? drainTimeoutMs(removal.gateway) : 0;
  if (drainMs > 0) {
    ctx.log(`draining ${names} for ${drainMs / 1000} s of Azure time before deleting`);
    await ctx.services.sleep(scaledWaitMs(drainMs, ctx.services.settings.pollIntervalMs));
  }
  return undefined;
}

/** "deleted ci-x-app-3, A record app-3 (no longer planned); kept ci-x-app-9 (not this environment's: …)". */
function pruneReport(deleted: readonly PruneTarget[], kept: readonly KeptResource[]): StageReport {
  const parts = [
    deleted.length > 0
      ? `deleted ${deleted.map(describePruned).join(', ')} (no longer planned)`
      : '',
    ...kept.map((k) => `kept ${describePruned(k)} (${k.why})`),
  ].filter(Boolean);
  return {
    summary: parts.join('; ') || 'nothing to prune',
    created: 0,
    updated: 0,
    unchanged: 0,
    outputs: {
      ...(deleted.length > 0 ? { deleted: deleted.map((d) => d.id) } : {}),
      ...(kept.length > 0 ? { kept: kept.map((k) => k.id) } : {}),
    },
  };
}
