// The deployment's stages as markdown, for docs/architecture.md and `plan --format stages`.
import type { Plan } from '../plan/index.js';
import { stageGraph, stageWaves } from './stage-graph.js';
import { STAGE_TABLE } from './stage-table.js';

/**
 * The deployment's stages as documentation, derived from the stage table and a plan: a mermaid
 * graph, the waves of stages that run side by side, and one row per stage with what it does,
 * what it writes and what it waits for (and why). docs/architecture.md holds this for the full
 * example, `aci-vnet-sidecars plan --format stages` prints it for any spec. Pure.
 */
export function stageDocs(plan: Plan): string {
  const graph = stageGraph(plan);
  const waves = stageWaves(graph);
  const edges = graph.flatMap((node) =>
    node.dependsOn
      .filter((dep) => !impliedByAnother(graph, node.name, dep))
      .map((dep) => `  ${id(dep)} --> ${id(node.name)}`),
  );
  // A first stage is a dependency of every other: said once below the table, not in each row.
  const first = STAGE_TABLE.filter((s) => s.first).map((s) => s.name as string);
  const rows = STAGE_TABLE.map((stage) => {
    const node = graph.find((n) => n.name === stage.name);
    const reasons = new Map(stage.after.map((a) => [a.stage as string, a.why]));
    const waitsFor = stage.last
      ? 'every other stage'
      : (node?.dependsOn ?? [])
          .filter((dep) => !first.includes(dep))
          .map((dep) => (reasons.has(dep) ? `${dep} (${reasons.get(dep)})` : dep))
          .join('; ') || '-';
    const writes = stage.writes.length ? stage.writes.join(', ') : '-';
    return `| ${stage.name} | ${stage.does} | ${writes} | ${waitsFor} |`;
  });
  return [
    '```mermaid',
    'flowchart LR',
    ...edges,
    '```',
    '',
    `Waves (stages in one wave run side by side): ${waves.map((w) => w.join(', ')).join(' → ')}.`,
    '',
    '| stage | does | writes plan areas | waits for |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...first.map((name) => `Every other stage also waits for ${name}, which runs first.\n`),
  ].join('\n');
}

/** An edge already implied through another dependency (kept out of the drawing, not the table). */
function impliedByAnother(
  graph: ReturnType<typeof stageGraph>,
  stage: string,
  dep: string,
): boolean {
  const depsOf = (name: string) => graph.find((n) => n.name === name)?.dependsOn ?? [];
  const reaches = (from: string, seen = new Set<string>()): boolean =>
    depsOf(from).some((d) => d === dep || (!seen.has(d) && (seen.add(d), reaches(d, seen))));
  return depsOf(stage).some((other) => other !== dep && reaches(other));
}

const id = (stage: string) => stage.replace(/-/g, '_');
