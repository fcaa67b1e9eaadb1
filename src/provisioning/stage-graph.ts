/**
 * The stage graph, derived from the stage table and a plan: which stage writes each planned
 * resource, and which stages must finish before another starts (the table's own dependencies plus
 * those implied by the references between planned bodies). Pure.
 */

import type { Plan, PlanArea, PlannedResource } from '../plan/index.js';
import { STAGE_TABLE, STAGES, type StageName } from './stage-table.js';

export { STAGES, type StageName };

export interface StageNode {
  name: StageName;
  dependsOn: StageName[];
}

const STAGE_OF_AREA = new Map<PlanArea, StageName>(
  STAGE_TABLE.flatMap((stage) => stage.writes.map((area) => [area, stage.name] as const)),
);

/** The stage that writes a resource; a role assignment goes with the resource it is scoped to. */
export function stageOf(resource: PlannedResource, plan: Plan): StageName {
  const owner = resource.scope ? scopeTarget(resource, plan) : resource;
  const stage = STAGE_OF_AREA.get(owner.area);
  if (!stage) throw new Error(`no stage writes the plan area ${owner.area} (${resource.id})`);
  return stage;
}

/**
 * The planned resource a role assignment's scope is, or lies in: a vault's secret (created later
 * by the certificate stage) goes with the vault, so the grant starts spreading as early as the
 * vault's own grants do.
 */
function scopeTarget(resource: PlannedResource, plan: Plan): PlannedResource {
  const scope = resource.scope?.toLowerCase() ?? '';
  const target = plan.resources
    .filter((r) => !r.scope)
    .filter((r) => scope === r.id.toLowerCase() || scope.startsWith(`${r.id.toLowerCase()}/`))
    .sort((a, b) => b.id.length - a.id.length)[0];
  if (!target) {
    throw new Error(
      `${resource.id} is scoped to ${resource.scope ?? '?'}, which the plan does not create`,
    );
  }
  return target;
}

export function resourcesOfStage(plan: Plan, stage: StageName): PlannedResource[] {
  return plan.resources.filter((r) => stageOf(r, plan) === stage);
}

export function stageGraph(plan: Plan): StageNode[] {
  const stageById = new Map(plan.resources.map((r) => [r.id.toLowerCase(), stageOf(r, plan)]));
  const deps = new Map<StageName, Set<StageName>>(
    STAGE_TABLE.map((s) => [s.name, new Set(s.after.map((a) => a.stage))]),
  );
  // A run-once group is no resource a stage keeps, but what it needs orders its stage all the same.
  for (const resource of [...plan.resources, ...plan.runOnce]) {
    const own = stageOf(resource, plan);
    for (const dep of resource.dependsOn) {
      const other = stageById.get(dep.toLowerCase());
      if (other && other !== own) deps.get(own)?.add(other);
    }
  }
  for (const stage of STAGE_TABLE.filter((s) => s.first)) {
    for (const other of STAGES) if (other !== stage.name) deps.get(other)?.add(stage.name);
  }
  for (const stage of STAGE_TABLE.filter((s) => s.last)) {
    for (const other of STAGES) if (other !== stage.name) deps.get(stage.name)?.add(other);
  }
  return STAGES.map((name) => ({ name, dependsOn: STAGES.filter((s) => deps.get(name)?.has(s)) }));
}

/** Stages whose dependencies have all completed and that have not run yet, in a stable order. */
export function readyStages(
  graph: readonly StageNode[],
  done: ReadonlySet<StageName>,
): StageName[] {
  return graph
    .filter((s) => !done.has(s.name) && s.dependsOn.every((d) => done.has(d)))
    .map((s) => s.name);
}

/** The stages in waves of stages that can run in parallel; throws on a cycle (a plan bug). */
export function stageWaves(graph: readonly StageNode[]): StageName[][] {
  const done = new Set<StageName>();
  const waves: StageName[][] = [];
  while (done.size < graph.length) {
    const wave = readyStages(graph, done);
    if (wave.length === 0) {
      const stuck = graph.filter((s) => !done.has(s.name)).map((s) => s.name);
      throw new Error(`provisioning stages depend on each other in a cycle: ${stuck.join(', ')}`);
    }
    wave.forEach((s) => done.add(s));
    waves.push(wave);
  }
  return waves;
}
