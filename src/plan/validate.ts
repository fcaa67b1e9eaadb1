// Soundness checks over a built plan, which the plan invariant tests run.
import { describeReference, findReferences } from './references.js';
import { findSecretLikeValues } from './secrets-scan.js';
import type { Plan, PlannedResource } from './types.js';

/**
 * The invariants every plan keeps, as messages (empty when the plan is sound): unique ids,
 * dependencies planned and ordered first, every referenced resource listed in dependsOn, and no
 * secret-like value in any body; a run-once group's dependencies and references are planned
 * resources too.
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
  for (const task of plan.runOnce) problems.push(...runOnceProblems(task, position));
  return problems;
}

/** A run-once group depends only on planned resources and lists every one it references. */
function runOnceProblems(task: PlannedResource, planned: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  if (planned.has(task.id.toLowerCase())) problems.push(`${task.id} is planned and run once`);
  for (const d of task.dependsOn)
    if (!planned.has(d.toLowerCase()))
      problems.push(`${task.id} depends on ${d}, which is not planned`);
  const listed = new Set(task.dependsOn.map((d) => d.toLowerCase()));
  for (const reference of findReferences(task.body)) {
    if (reference.kind === 'ref' && !listed.has(reference.resourceId.toLowerCase()))
      problems.push(
        `${task.id} references ${describeReference(reference)} without depending on it`,
      );
  }
  for (const finding of findSecretLikeValues(task.body))
    problems.push(`${task.id} has ${finding.reason} at ${finding.path}`);
  return problems;
}
