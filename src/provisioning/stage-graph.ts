import type { Plan, PlanArea, PlannedResource } from '../plan/index.js';

/**
 * The provisioning stages and their order. Which plan resources a stage writes follows from
 * their area; the order between stages follows from the resources' own dependsOn, plus the few
 * dependencies that are not references in a body (the certificate, the backend IPs). Pure.
 */

export const STAGES = [
  'identities',
  'network',
  'private-dns',
  'key-vault',
  'registry',
  'database',
  'certificate',
  'container-groups',
  'group-dns-records',
  'gateway',
  'public-dns',
  'event-grid',
  'verify',
] as const;

export type StageName = (typeof STAGES)[number];

export interface StageNode {
  name: StageName;
  dependsOn: StageName[];
}

const AREA_STAGE: Record<Exclude<PlanArea, 'access'>, StageName> = {
  identity: 'identities',
  network: 'network',
  'private-dns': 'private-dns',
  'key-vault': 'key-vault',
  registry: 'registry',
  database: 'database',
  'container-groups': 'container-groups',
  gateway: 'gateway',
  'public-dns': 'public-dns',
  'event-grid': 'event-grid',
};

/** Dependencies that no body reference expresses. */
const EXTRA_DEPENDENCIES: Partial<Record<StageName, StageName[]>> = {
  // The certificate lands in the vault; the init containers and the gateway read it from there.
  certificate: ['key-vault'],
  'container-groups': ['certificate'],
  'group-dns-records': ['container-groups', 'private-dns'],
  // Backend pools are filled with the groups' IPs, which are read, not referenced.
  gateway: ['certificate', 'container-groups'],
};

/** The stage that writes a resource; a role assignment goes with the resource it is scoped to. */
export function stageOf(resource: PlannedResource, plan: Plan): StageName {
  if (resource.area !== 'access') return AREA_STAGE[resource.area];
  const scope = resource.id.split('/providers/Microsoft.Authorization/')[0]?.toLowerCase();
  const target = plan.resources.find((r) => r.id.toLowerCase() === scope);
  if (!target || target.area === 'access') {
    throw new Error(
      `role assignment ${resource.id} is scoped to ${scope ?? '?'}, which the plan does not create`,
    );
  }
  return AREA_STAGE[target.area];
}

export function resourcesOfStage(plan: Plan, stage: StageName): PlannedResource[] {
  return plan.resources.filter((r) => stageOf(r, plan) === stage);
}

export function stageGraph(plan: Plan): StageNode[] {
  const stageById = new Map(plan.resources.map((r) => [r.id.toLowerCase(), stageOf(r, plan)]));
  const deps = new Map<StageName, Set<StageName>>(
    STAGES.map((s) => [s, new Set(EXTRA_DEPENDENCIES[s] ?? [])]),
  );
  for (const resource of plan.resources) {
    const own = stageOf(resource, plan);
    for (const dep of resource.dependsOn) {
      const other = stageById.get(dep.toLowerCase());
      if (other && other !== own) deps.get(own)?.add(other);
    }
  }
  const verify = deps.get('verify');
  for (const stage of STAGES) if (stage !== 'verify') verify?.add(stage);
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
