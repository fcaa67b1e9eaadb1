// `aci-vnet-sidecars plan --spec FILE [--format table|json|stages] [--previous FILE]`: every Azure
// resource a spec would create, with its dependencies, or the deployment's stages, without
// touching Azure; with --previous, what deploying it over that spec would change.
import type { Command } from 'commander';
import { Option } from 'commander';
import { buildPlan, type Plan, type PlannedResource } from '../plan/index.js';
import { stageDocs } from '../provisioning/stage-docs.js';
import { CliUsageError, type CliIo } from './io.js';
import {
  changeCounts,
  changeLabel,
  deletionNotes,
  type ChangeAction,
  planChanges,
  planDeletions,
  replacementNotes,
} from './plan-changes.js';
import { identitiesText } from './plan-identities.js';
import { planWarningsText } from './plan-warnings.js';
import { readSpecFile } from './read-spec.js';
import { displayName } from './resource-names.js';
import { renderTable } from './table.js';

export function registerPlanCommand(program: Command, io: CliIo): void {
  program
    .command('plan')
    .description(
      'Show every Azure resource a spec would create, with its dependencies, without touching Azure.',
    )
    .requiredOption('--spec <file>', 'environment spec (JSON)')
    .addOption(
      new Option(
        '--format <format>',
        'table: type, name and dependencies; json: the full plan with ARM bodies; stages: the deployment stages, what each writes and waits for (markdown)',
      )
        .choices(['table', 'json', 'stages'])
        .default('table'),
    )
    .option(
      '--previous <file>',
      'the spec deployed now: the table marks each resource create, update, replaces (deleted and created again: a change Azure cannot make in place) or no change, and adds each container group the deployment deletes',
    )
    .action(async (options: PlanOptions) => {
      const spec = await readSpecFile(options.spec);
      const plan = buildPlan(spec);
      if (options.previous !== undefined) {
        if (options.format !== 'table')
          throw new CliUsageError('--previous works with --format table only');
        const previous = buildPlan(await readSpecFile(options.previous));
        const deletions = planDeletions(spec, plan, previous);
        io.stdout(
          planTable(plan, previous, deletions) + identitiesText(plan) + planWarningsText(plan),
        );
        return;
      }
      const render = {
        table: (p: Plan) => planTable(p) + identitiesText(p),
        json: (p: Plan) => `${JSON.stringify(p, null, 2)}\n`,
        stages: stageDocs,
      }[options.format];
      io.stdout(render(plan) + (options.format === 'json' ? '' : planWarningsText(plan)));
    });
}

interface PlanOptions {
  spec: string;
  format: 'table' | 'json' | 'stages';
  previous?: string;
}

/**
 * One row per resource; dependencies by name, since full ids would not fit a terminal. Given the
 * plan deployed now, a CHANGE column, a line per resource that is replaced, and a row and a line
 * per container group of `previous` the deployment deletes (`deletions`, planDeletions).
 */
export function planTable(
  plan: Plan,
  previous?: Plan,
  deletions: readonly PlannedResource[] = [],
): string {
  const nameOf = new Map(plan.resources.map((r) => [r.id, displayName(r)]));
  const changes = previous ? planChanges(plan, previous) : undefined;
  const rows = plan.resources.map((r, i) => [
    String(i + 1),
    ...(changes ? [changeLabel(changes.get(r.id))] : []),
    r.type,
    displayName(r),
    r.dependsOn.map((id) => nameOf.get(id) ?? id).join(', ') || '-',
  ]);
  const deletedRows = changes ? deletions.map((d) => ['-', 'delete', d.type, d.name, '-']) : [];
  const counted = new Map<string, { action: ChangeAction }>([
    ...(changes ?? []),
    ...deletions.map((d): [string, { action: ChangeAction }] => [d.id, { action: 'delete' }]),
  ]);
  const counts = changes ? `: ${changeCounts(counted)}` : '';
  const header = `Plan for environment ${plan.environment} in ${plan.resourceGroup} (${plan.resources.length} resources${counts})\n\n`;
  const columns = ['#', ...(changes ? ['CHANGE'] : []), 'TYPE', 'NAME', 'DEPENDS ON'];
  const notes = changes ? replacementNotes(plan, changes) + deletionNotes(deletions) : '';
  return header + renderTable(columns, [...rows, ...deletedRows]) + notes;
}
