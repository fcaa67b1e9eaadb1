// Deployment stage for the gateway's public DNS record in the user's zone.
import { publicZoneOf, requirePublicZone } from '../../environments/index.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { applyStage } from './apply-stage.js';

/** The CNAME from the host name to the gateway, in the user's zone, which must already exist. */
export async function publicDnsStage(ctx: StageContext): Promise<StageReport> {
  await requirePublicZone(ctx, publicZoneOf(ctx));
  return applyStage(ctx);
}
