// The container groups' private DNS A records, planned from the IPs Azure gave them.
import type { EnvironmentSpec } from '../spec/index.js';
import { containerGroupRoles } from './container-groups.js';
import { planned } from './context.js';
import { planIds } from './ids.js';
import { ownershipTags } from './tags.js';
import type { PlannedResource } from './types.js';

/**
 * The private DNS A record of each container group (`app-1.<private zone>` → its IP). IPs exist
 * only at run time, so these records are planned from the IPs read back from Azure; groups
 * without an IP yet get no record. Pure.
 */
export function groupRecords(
  spec: EnvironmentSpec,
  ipsByGroupId: ReadonlyMap<string, string>,
): PlannedResource[] {
  const ids = planIds(spec);
  return containerGroupRoles(spec, ids).flatMap((role) => {
    const ip = ipsByGroupId.get(role.id.toLowerCase());
    if (!ip) return [];
    return [
      planned({
        id: `${ids.appPrivateZone}/A/${role.recordName}`,
        type: 'Microsoft.Network/privateDnsZones/A',
        area: 'private-dns',
        body: {
          properties: {
            ttl: spec.dns.ttl,
            aRecords: [{ ipv4Address: ip }],
            metadata: ownershipTags(spec),
          },
        },
        dependsOn: [ids.appPrivateZone, role.id],
      }),
    ];
  });
}
