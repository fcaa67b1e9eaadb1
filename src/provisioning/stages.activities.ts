import { classifyFailure, isRetriable } from '../errors.js';
import type { ProvisioningServices } from './services.js';
import { stageContext, type StageContext } from './stage-context.js';
import type { StageName } from './stage-graph.js';
import { certificateStage } from './stages/certificate-stage.js';
import { containerGroupsStage, gatewayStage, groupRecordsStage } from './stages/group-stages.js';
import { planStage } from './stages/plan-stage.js';
import { publicDnsStage } from './stages/public-zone.js';
import { registryStage } from './stages/registry-stage.js';
import { verifyStage } from './stages/verify-stage.js';
import type { StageInput, StageOutcome, StageReport } from './types.js';

type StageHandler = (ctx: StageContext) => Promise<StageReport>;

/** One handler per stage: the typed table the activities are registered from. */
export const STAGE_HANDLERS: Record<StageName, StageHandler> = {
  identities: (ctx) => planStage(ctx, 'identities'),
  network: (ctx) => planStage(ctx, 'network'),
  'private-dns': (ctx) => planStage(ctx, 'private-dns'),
  'key-vault': (ctx) => planStage(ctx, 'key-vault'),
  registry: registryStage,
  database: (ctx) => planStage(ctx, 'database'),
  certificate: certificateStage,
  'container-groups': containerGroupsStage,
  'group-dns-records': groupRecordsStage,
  gateway: gatewayStage,
  'public-dns': publicDnsStage,
  'event-grid': (ctx) => planStage(ctx, 'event-grid'),
  verify: verifyStage,
};

/**
 * Runs one stage. Transient and conflict failures are thrown, so the orchestrator's retry policy
 * runs the stage again; every other failure (invalid settings included) is returned, so the stage
 * fails at once with the service's own message.
 */
export async function runStage(
  services: () => ProvisioningServices,
  input: StageInput,
): Promise<StageOutcome> {
  const started = Date.now();
  try {
    const ctx = stageContext(services(), input.spec, input.stage);
    const report = await STAGE_HANDLERS[input.stage](ctx);
    ctx.log(`${report.summary} (${Date.now() - started} ms)`);
    return { ok: true, report };
  } catch (error) {
    const failure = classifyFailure(error);
    if (isRetriable(failure)) throw error;
    return { ok: false, failure };
  }
}
