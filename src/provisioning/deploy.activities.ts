// The deployment's Durable activities: one per stage, each checking it runs the original plan.
import { environmentContext, planFingerprint } from '../environments/index.js';
import { AppError } from '../errors.js';
import { STAGE_RETRY } from '../retry-policies.js';
import type { AppServices } from '../services.js';
import { defineActivity, type Activity, type NotReady } from '../workflows/activity.js';
import type { StageContext } from './stage-context.js';
import { resourcesOfStage } from './stage-graph.js';
import { STAGE_TABLE, type StageDefinition, type StageName } from './stage-table.js';
import type { StageInput, StageReport } from './types.js';

/** One Durable activity per stage of the stage table, all with the stage retry policy. */
export const STAGE_ACTIVITIES = Object.fromEntries(
  STAGE_TABLE.map((stage) => [
    stage.name,
    defineActivity<StageInput, StageReport>({
      name: `stage-${stage.name}`,
      stage: stage.name,
      retry: STAGE_RETRY,
      run: (services, input) => runStage(stage, services, input),
    }),
  ]),
) as Record<StageName, Activity<StageInput, StageReport>>;

/** Runs one stage against the plan the deployment started with. */
async function runStage(
  stage: StageDefinition<StageName>,
  services: AppServices,
  input: StageInput,
): Promise<StageReport | NotReady> {
  const started = Date.now();
  const env = environmentContext(services, input.spec, stage.name);
  if (input.fingerprint && planFingerprint(env.plan) !== input.fingerprint) {
    throw new AppError(
      'validation',
      'PlanChanged',
      `the plan of ${env.spec.name} is not the one this deployment started with (the app's code or settings changed while it ran); post the spec again to deploy the new plan`,
    );
  }
  const ctx: StageContext = { ...env, resources: resourcesOfStage(env.plan, stage.name) };
  const report = await stage.run(ctx);
  if ('summary' in report) ctx.log(`${report.summary} (${Date.now() - started} ms)`);
  else ctx.log(`waiting: ${report.notReady}`);
  return report;
}
