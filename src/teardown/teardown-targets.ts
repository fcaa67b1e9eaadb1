/**
 * What a teardown deletes, in which step and wave: pure, from the environment's plan (the last
 * deployed spec's) and what a listing found that carries the environment's marks but that the
 * plan does not name (a group's A record, an ACME TXT record, a container group of an earlier
 * spec). The reverse of the plan's dependencies: a resource is deleted before everything it
 * depends on, references, is a child of or is scoped to.
 */
import { neededIds } from '../environments/apply.js';
import { ownershipRule, type OwnershipRule } from '../environments/ownership.js';
import type { PlannedResource } from '../plan/index.js';
import {
  ROLE_ASSIGNMENT_TYPE,
  stepIndex,
  stepOfType,
  TEARDOWN_STEPS,
  type TeardownStep,
} from './teardown-steps.js';

export interface TeardownTarget {
  id: string;
  type: string;
  apiVersion: string;
  step: TeardownStep;
  /** Within its step: one wave is deleted side by side, after every earlier wave has gone. */
  wave: number;
  /** Where its owner is recorded (src/environments/ownership.ts). */
  owner: OwnershipRule['kind'];
  /** Found by a listing, not planned: it carries the environment's tags or metadata. */
  discovered?: boolean;
  /** A run-once group (Plan.runOnce): there only while it runs, or when a crash left it. */
  runOnce?: boolean;
}

/** A resource a listing found carrying the environment's marks. */
export interface DiscoveredResource {
  id: string;
  type: string;
  apiVersion: string;
  owner: 'tags' | 'metadata';
}

/** A role assignment is deleted in the step of the planned resource it is scoped to. */
function stepOf(
  resource: PlannedResource,
  planned: readonly PlannedResource[],
): TeardownStep | undefined {
  if (resource.type.toLowerCase() !== ROLE_ASSIGNMENT_TYPE) return stepOfType(resource.type);
  const scope = (resource.scope ?? '').toLowerCase();
  const holder = planned
    .filter((p) => p !== resource && p.type.toLowerCase() !== ROLE_ASSIGNMENT_TYPE)
    .filter((p) => scope === p.id.toLowerCase() || scope.startsWith(`${p.id.toLowerCase()}/`))
    .sort((a, b) => b.id.length - a.id.length)[0];
  return holder ? stepOfType(holder.type) : 'identities';
}

/**
 * Every target in step order, then wave order. `unplaced` holds planned resources of a type no
 * step deletes (none for any plan today; a test keeps it so).
 */
export function teardownTargets(
  planned: readonly PlannedResource[],
  discovered: readonly DiscoveredResource[] = [],
): { targets: TeardownTarget[]; unplaced: PlannedResource[] } {
  const unplaced: PlannedResource[] = [];
  const placed: { resource: PlannedResource; step: TeardownStep }[] = [];
  for (const resource of planned) {
    const step = stepOf(resource, planned);
    if (step) placed.push({ resource, step });
    else unplaced.push(resource);
  }
  const waves = wavesWithinSteps(placed);
  const known = new Set(planned.map((p) => p.id.toLowerCase()));
  const targets: TeardownTarget[] = [
    ...placed.map(({ resource, step }) => ({
      id: resource.id,
      type: resource.type,
      apiVersion: resource.apiVersion,
      step,
      wave: waves.get(resource) ?? 0,
      owner: ownershipRule(resource).kind,
      ...(resource.area === 'database-migration' ? { runOnce: true } : {}),
    })),
    ...discovered
      .filter((d) => !known.has(d.id.toLowerCase()))
      .flatMap((d) => {
        const step = stepOfType(d.type);
        return step ? [{ ...d, step, wave: 0, discovered: true }] : [];
      }),
  ];
  return { targets: targets.sort(inOrder), unplaced };
}

const inOrder = (a: TeardownTarget, b: TeardownTarget) =>
  stepIndex(a.step) - stepIndex(b.step) || a.wave - b.wave;

/**
 * Wave of each resource within its step: 0 when nothing else of the step depends on it,
 * otherwise one more than the latest wave of what does.
 */
function wavesWithinSteps(
  placed: readonly { resource: PlannedResource; step: TeardownStep }[],
): Map<PlannedResource, number> {
  const waves = new Map<PlannedResource, number>();
  const needs = new Map(placed.map(({ resource }) => [resource, neededIds(resource)]));
  const waveOf = (
    resource: PlannedResource,
    step: TeardownStep,
    seen: Set<PlannedResource>,
  ): number => {
    const known = waves.get(resource);
    if (known !== undefined) return known;
    if (seen.has(resource)) return 0; // a cycle: the plan validator refuses those
    seen.add(resource);
    const id = resource.id.toLowerCase();
    const dependants = placed.filter(
      (p) => p.step === step && p.resource !== resource && needs.get(p.resource)?.(id),
    );
    const wave: number =
      Math.max(-1, ...dependants.map((d): number => waveOf(d.resource, step, seen))) + 1;
    waves.set(resource, wave);
    return wave;
  };
  for (const { resource, step } of placed) waveOf(resource, step, new Set());
  return waves;
}

/**
 * Pure check of an order: every pair where a planned resource needs another that the targets
 * would delete first (or in the same wave). Empty for a sound order.
 */
export function orderViolations(
  planned: readonly PlannedResource[],
  targets: readonly TeardownTarget[],
): string[] {
  const position = new Map(
    targets.map((t) => [t.id.toLowerCase(), stepIndex(t.step) * 1000 + t.wave]),
  );
  const violations: string[] = [];
  for (const resource of planned) {
    const needs = neededIds(resource);
    const mine = position.get(resource.id.toLowerCase());
    for (const other of planned) {
      const theirs = position.get(other.id.toLowerCase());
      if (other === resource || mine === undefined || theirs === undefined) continue;
      if (needs(other.id.toLowerCase()) && mine >= theirs)
        violations.push(`${resource.id} needs ${other.id} but is not deleted before it`);
    }
  }
  return violations;
}

/** The steps in order, each with its targets (steps without any included). */
export function targetsByStep(
  targets: readonly TeardownTarget[],
): { step: TeardownStep; targets: TeardownTarget[] }[] {
  return TEARDOWN_STEPS.map(({ name }) => ({
    step: name,
    targets: targets.filter((t) => t.step === name),
  }));
}
