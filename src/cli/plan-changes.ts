// What deploying a spec would change, compared with the spec deployed now (`plan --previous`):
// each resource is created, updated, replaced (deleted and created again, because Azure cannot
// change it in place) or left unchanged. The app compares with Azure itself when it deploys; this
// is the same classification over the previous spec's plan, so nothing is read from Azure.
import { pruneSelection } from '../environments/prune-selection.js';
import {
  replacesLine,
  resourceChange,
  type Plan,
  type PlannedResource,
  type ResourceChange,
} from '../plan/index.js';
import type { EnvironmentSpec } from '../spec/index.js';

export type ChangeLabel = 'create' | 'update' | 'replaces' | 'no change';

/** How each resource of `plan` compares with the same resource in `previous`, by id. */
export function planChanges(plan: Plan, previous: Plan): Map<string, ResourceChange> {
  const before = new Map(previous.resources.map((r) => [r.id.toLowerCase(), r.body]));
  return new Map(
    plan.resources.map((r) => [
      r.id,
      resourceChange(r.type, r.body, before.get(r.id.toLowerCase())),
    ]),
  );
}

/**
 * The container groups of `previous` that deploying `spec` (whose plan is `plan`) deletes: the
 * prune stage's own selection (prune-selection.ts) over the previous plan's groups, which carry
 * the ownership tags as a deployment leaves them. None with `prune: false`.
 */
export function planDeletions(
  spec: EnvironmentSpec,
  plan: Plan,
  previous: Plan,
): PlannedResource[] {
  const groups = previous.resources.filter(
    (r) => r.type === 'Microsoft.ContainerInstance/containerGroups',
  );
  const listed = groups.map((r) => ({
    id: r.id,
    name: r.name,
    tags: r.body.tags as Record<string, string> | undefined,
  }));
  const selection = pruneSelection(spec, plan, { containerGroups: listed, aRecords: [] });
  const deleted = new Set(selection.containerGroups.map((g) => g.id.toLowerCase()));
  return groups.filter((g) => deleted.has(g.id.toLowerCase()));
}

/** One line per deleted group, and what goes with it. */
export function deletionNotes(deletions: readonly PlannedResource[]): string {
  if (deletions.length === 0) return '';
  return (
    `\n${deletions.map((d) => `deletes ${d.name}`).join('\n')}\n` +
    "No longer planned: each is taken out of the gateway's backend pools, its connections drain, " +
    'then it is deleted, and its private A record after it (`prune: false` keeps them).\n'
  );
}

export function changeLabel(change: ResourceChange | undefined): ChangeLabel {
  switch (change?.action) {
    case 'create':
    case undefined:
      return 'create';
    case 'update':
      return 'update';
    case 'replace':
      return 'replaces';
    case 'unchanged':
      return 'no change';
  }
}

/** What happens to a resource: a planned one's change, or the deletion of one no longer planned. */
export type ChangeAction = ResourceChange['action'] | 'delete';

/** "2 to create, 1 to update, 3 to replace, 1 to delete, 40 unchanged", for the plan's header. */
export function changeCounts(changes: ReadonlyMap<string, { action: ChangeAction }>): string {
  const count = (action: ChangeAction) =>
    [...changes.values()].filter((c) => c.action === action).length;
  return [
    [count('create'), 'to create'],
    [count('update'), 'to update'],
    [count('replace'), 'to replace'],
    [count('delete'), 'to delete'],
    [count('unchanged'), 'unchanged'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/**
 * One line per replaced resource, and what a replacement means: the group is deleted before it is
 * created again (its IP may change; its DNS record and gateway backend follow it).
 */
export function replacementNotes(plan: Plan, changes: ReadonlyMap<string, ResourceChange>): string {
  const lines = plan.resources.flatMap((r) => {
    const change = changes.get(r.id);
    return change?.action === 'replace' ? [replacesLine(r.name, change.replaces)] : [];
  });
  if (lines.length === 0) return '';
  return (
    `\n${lines.join('\n')}\n` +
    'Azure cannot change these in place: each is deleted, then created again. A container group is ' +
    'down meanwhile and may get another IP; its DNS record and gateway backend follow it.\n'
  );
}
