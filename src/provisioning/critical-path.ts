// The critical path of a finished deployment: the chain of stages, each waiting for the one before
// it, whose durations add up to the longest total. No deployment can end sooner than that sum,
// however many stages run at once, so wall time ÷ critical path says how much the orchestrator
// itself adds. Pure.
import type { StageName, StageNode } from './stage-graph.js';

export interface CriticalPath {
  stages: StageName[];
  ms: number;
}

/** The longest chain of `graph` weighted by `durations` (ms); a stage without one counts 0. */
export function criticalPath(
  graph: readonly StageNode[],
  durations: ReadonlyMap<StageName, number>,
): CriticalPath {
  const longest = new Map<StageName, CriticalPath>();
  const byName = new Map(graph.map((node) => [node.name, node]));
  const visit = (name: StageName, seen: ReadonlySet<StageName>): CriticalPath => {
    const known = longest.get(name);
    if (known) return known;
    if (seen.has(name)) throw new Error(`stages depend on each other in a cycle through ${name}`);
    const before = (byName.get(name)?.dependsOn ?? [])
      .map((dep) => visit(dep, new Set([...seen, name])))
      .reduce<CriticalPath>(longer, { stages: [], ms: -1 });
    const path = {
      stages: [...before.stages, name],
      ms: Math.max(0, before.ms) + (durations.get(name) ?? 0),
    };
    longest.set(name, path);
    return path;
  };
  return graph
    .map((node) => visit(node.name, new Set()))
    .reduce<CriticalPath>(longer, { stages: [], ms: 0 });
}

/** The longer of two chains; of two as long, the one with more stages (it ends later). */
function longer(a: CriticalPath, b: CriticalPath): CriticalPath {
  return b.ms > a.ms || (b.ms === a.ms && b.stages.length > a.stages.length) ? b : a;
}
