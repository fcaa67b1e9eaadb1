import type { PublicDnsZone } from '../../azure/public-dns.js';
import { AppError } from '../../errors.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { planStage } from './plan-stage.js';

/**
 * The public zone is the user's (its domain is delegated to it): say how to create it instead of
 * failing on a raw 404, and never create a zone nobody has delegated.
 */
export async function requirePublicZone(ctx: StageContext, zone: PublicDnsZone): Promise<void> {
  try {
    await zone.nameServers();
  } catch (error) {
    if (error instanceof AppError && error.kind === 'not-found') {
      const { publicZone, publicZoneResourceGroup } = ctx.spec.dns;
      throw new AppError(
        'not-found',
        'PublicZoneMissing',
        `the public DNS zone ${publicZone} does not exist in resource group ${publicZoneResourceGroup}; create it (az network dns zone create -g ${publicZoneResourceGroup} -n ${publicZone}) and delegate the domain to its name servers`,
      );
    }
    throw error;
  }
}

export function publicZoneOf(ctx: StageContext): PublicDnsZone {
  return ctx.services.publicZone({
    subscriptionId: ctx.spec.subscriptionId,
    resourceGroup: ctx.spec.dns.publicZoneResourceGroup,
    zone: ctx.spec.dns.publicZone,
  });
}

/** The CNAME from the host name to the gateway, in the user's zone. */
export async function publicDnsStage(ctx: StageContext): Promise<StageReport> {
  await requirePublicZone(ctx, publicZoneOf(ctx));
  return planStage(ctx, 'public-dns');
}
