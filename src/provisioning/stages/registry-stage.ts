import { applyPlanStage } from './plan-stage.js';
import { reportOf } from '../report.js';
import { syncWorkloadImages } from '../images.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

/** The registry, its AcrPull grant, and every workload image imported or built into it. */
export async function registryStage(ctx: StageContext): Promise<StageReport> {
  const applied = await applyPlanStage(ctx, 'registry');
  const images = await syncWorkloadImages(ctx);
  return reportOf(applied, { images: images.names }, images.summary);
}
