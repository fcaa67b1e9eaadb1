// The user's public Azure DNS zone, which must exist (and be delegated) before a deployment.
import type { PublicDnsZone } from '../azure/public-dns.js';
import { AppError } from '../errors.js';
import { environmentMarks } from '../plan/index.js';
import type { EnvironmentContext } from './context.js';

/**
 * The user's public DNS zone, which the certificate's TXT records and the host's CNAME go into;
 * the record sets this environment writes there carry its ownership metadata.
 */
export function publicZoneOf(ctx: EnvironmentContext): PublicDnsZone {
  return ctx.services.publicZone({
    subscriptionId: ctx.spec.subscriptionId,
    resourceGroup: ctx.spec.dns.publicZoneResourceGroup,
    zone: ctx.spec.dns.publicZone,
    owner: environmentMarks(ctx.spec.name),
  });
}

/**
 * The public zone is the user's (its domain is delegated to it): say how to create it instead of
 * failing on a raw 404, and never create a zone nobody has delegated.
 */
export async function requirePublicZone(
  ctx: EnvironmentContext,
  zone: PublicDnsZone,
): Promise<void> {
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
