// Private DNS zones linked to the VNet: the app's zone for group records, and SQL's privatelink.
import { idRef, planned, type PlanContext } from './context.js';
import type { PlannedResource } from './types.js';

/**
 * A private zone and its link to the environment's VNet. Private DNS zones are global resources.
 * registrationEnabled is false: A records are written by the init container and the reconciler
 * (with the group's current IP), never auto-registered.
 */
function zoneWithLink(ctx: PlanContext, zoneId: string): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  const zone = planned({
    id: zoneId,
    type: 'Microsoft.Network/privateDnsZones',
    area: 'private-dns',
    body: { location: 'global', tags },
  });
  const link = planned({
    id: `${zoneId}/virtualNetworkLinks/${spec.names.virtualNetwork}`,
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    area: 'private-dns',
    body: {
      location: 'global',
      tags,
      properties: { virtualNetwork: idRef(ids.virtualNetwork), registrationEnabled: false },
    },
    dependsOn: [zoneId, ids.virtualNetwork],
  });
  return [zone, link];
}

export function privateDns(ctx: PlanContext): PlannedResource[] {
  return [
    ...zoneWithLink(ctx, ctx.ids.appPrivateZone),
    ...zoneWithLink(ctx, ctx.ids.sqlPrivateZone),
  ];
}
