// Deployment stage for the container registry and the workload images it must hold.
import { reportOf } from '../report.js';
import { syncWorkloadImages } from '../images.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { applyStageResources } from './apply-stage.js';

/** The registry, its AcrPull grant, and every workload image imported or built into it. */
export async function registryStage(ctx: StageContext): Promise<StageReport> {
  const applied = await applyStageResources(ctx);
  const images = await syncWorkloadImages(ctx);
  return reportOf(applied, { images: images.names }, images.summary);
}
