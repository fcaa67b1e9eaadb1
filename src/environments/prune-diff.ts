// What `diff` shows of a deployment's prune stage: one "delete" per resource it would delete.
import type { EnvironmentContext } from './context.js';
import type { ResourceDiff } from './environment-diff.js';
import { readPruneSelection } from './prune-listing.js';
import { GROUP_TYPE, type PruneTarget } from './prune-selection.js';

const GROUP_NOTE =
  "no longer planned: a deployment takes it out of the gateway's backend pools, lets the connections drain, then deletes it";
const RECORD_NOTE = 'the A record of a container group no longer planned: deleted after the group';

/** The container groups and A records a deployment would prune now; none with `prune: false`. */
export async function pruneDiffs(ctx: EnvironmentContext): Promise<ResourceDiff[]> {
  const selection = await readPruneSelection(ctx);
  return [...selection.containerGroups, ...selection.aRecords].map(deletion);
}

function deletion(target: PruneTarget): ResourceDiff {
  return {
    resource: { id: target.id, type: target.type, name: target.name, body: {} },
    change: { action: 'delete' },
    note: target.type === GROUP_TYPE ? GROUP_NOTE : RECORD_NOTE,
  };
}
