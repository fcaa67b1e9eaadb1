// Soundness checks over a built plan, which the plan invariant tests run.
import { describeReference, findReferences } from './references.js';
import { findSecretLikeValues } from './secrets-scan.js';
import type { Plan } from './types.js';

/**
 * The invariants every plan keeps, as messages (empty when the plan is sound): unique ids,
 * dependencies planned and ordered first, every referenced resource listed in dependsOn, and no
 * secret-like value in any body.
 */
export function planProblems(plan: Plan): string[] {
  const key = (id: string) => id.toLowerCase();
  const position = new Map<string, number>();
  const problems: string[] = [];
  plan.resources.forEach((r, i) => {
    if (position.has(key(r.id))) problems.push(`${r.id} is planned twice`);
    position.set(key(r.id), i);
  });
  plan.resources.forEach((r, i) => {
    for (const d of r.dependsOn) {
      const at = position.get(key(d));
      if (at === undefined) problems.push(`${r.id} depends on ${d}, which is not planned`);
      else if (at >= i) problems.push(`${r.id} comes before its dependency ${d}`);
    }
    const listed = new Set(r.dependsOn.map(key));
    for (const reference of findReferences(r.body)) {
      if (reference.kind === 'ref' && !listed.has(key(reference.resourceId))) {
        problems.push(`${r.id} references ${describeReference(reference)} without depending on it`);
      }
    }
    for (const finding of findSecretLikeValues(r.body)) {
      problems.push(`${r.id} has ${finding.reason} at ${finding.path}`);
    }
  });
  return problems;
}
