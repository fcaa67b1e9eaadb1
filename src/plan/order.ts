// Orders planned resources so that each is created after everything it depends on.
import type { PlannedResource } from './types.js';

/**
 * Orders resources so that every resource comes after what it depends on. Stable: among the
 * resources ready at each step, the one listed first goes first, so the same input always gives
 * the same order. Dependencies outside the list are ignored here (validatePlan reports them).
 */
export function orderByDependencies(resources: PlannedResource[]): PlannedResource[] {
  const key = (id: string) => id.toLowerCase();
  const known = new Set(resources.map((r) => key(r.id)));
  const placed = new Set<string>();
  const pending = [...resources];
  const ordered: PlannedResource[] = [];
  while (pending.length > 0) {
    const index = pending.findIndex((r) =>
      r.dependsOn.every((d) => !known.has(key(d)) || placed.has(key(d))),
    );
    if (index < 0) {
      const stuck = pending.map((r) => r.id).join(', ');
      throw new Error(`orderByDependencies: dependency cycle among ${stuck}`);
    }
    const [next] = pending.splice(index, 1);
    ordered.push(next!);
    placed.add(key(next!.id));
  }
  return ordered;
}
