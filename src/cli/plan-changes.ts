// What deploying a spec would change, compared with the spec deployed now (`plan --previous`):
// each resource is created, updated, replaced (deleted and created again, because Azure cannot
// change it in place) or left unchanged. The app compares with Azure itself when it deploys; this
// is the same classification over the previous spec's plan, so nothing is read from Azure.
import { replacesLine, resourceChange, type Plan, type ResourceChange } from '../plan/index.js';

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

/** "2 to create, 1 to update, 3 to replace, 40 unchanged", for the plan's header. */
export function changeCounts(changes: ReadonlyMap<string, ResourceChange>): string {
  const count = (action: ResourceChange['action']) =>
    [...changes.values()].filter((c) => c.action === action).length;
  return [
    [count('create'), 'to create'],
    [count('update'), 'to update'],
    [count('replace'), 'to replace'],
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
