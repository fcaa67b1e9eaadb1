// `aci-vnet-sidecars plan --spec FILE [--format table|json|stages] [--previous FILE]`: every Azure
// resource a spec would create, with its dependencies, or the deployment's stages, without
// touching Azure; with --previous, what deploying it over that spec would change.
import type { Command } from 'commander';
import { Option } from 'commander';
import { buildPlan, type Plan } from '../plan/index.js';
import { stageDocs } from '../provisioning/stage-docs.js';
import { CliUsageError, type CliIo } from './io.js';
import { changeCounts, changeLabel, planChanges, replacementNotes } from './plan-changes.js';
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
      'the spec deployed now: the table marks each resource create, update, replaces (deleted and created again: a change Azure cannot make in place) or no change',
    )
    .action(async (options: PlanOptions) => {
      const plan = buildPlan(await readSpecFile(options.spec));
      if (options.previous !== undefined) {
        if (options.format !== 'table')
          throw new CliUsageError('--previous works with --format table only');
        const previous = buildPlan(await readSpecFile(options.previous));
        io.stdout(planTable(plan, previous) + identitiesText(plan) + planWarningsText(plan));
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
 * plan deployed now, a CHANGE column and a line per resource that is replaced.
 */
export function planTable(plan: Plan, previous?: Plan): string {
  const nameOf = new Map(plan.resources.map((r) => [r.id, displayName(r)]));
  const changes = previous ? planChanges(plan, previous) : undefined;
  const rows = plan.resources.map((r, i) => [
    String(i + 1),
    ...(changes ? [changeLabel(changes.get(r.id))] : []),
    r.type,
    displayName(r),
    r.dependsOn.map((id) => nameOf.get(id) ?? id).join(', ') || '-',
  ]);
  const counts = changes ? `: ${changeCounts(changes)}` : '';
  const header = `Plan for environment ${plan.environment} in ${plan.resourceGroup} (${plan.resources.length} resources${counts})\n\n`;
  const columns = ['#', ...(changes ? ['CHANGE'] : []), 'TYPE', 'NAME', 'DEPENDS ON'];
  return header + renderTable(columns, rows) + (changes ? replacementNotes(plan, changes) : '');
}
