// The public DNS record of the gateway's host name, in the user's Azure DNS zone.
import { idRef, planned, type PlanContext } from './context.js';
import { ref } from './references.js';
import type { PlannedResource } from './types.js';

/** The host name relative to the zone: `app` for app.contoso.example in contoso.example, `@` at the apex. */
export function relativeName(hostName: string, zone: string): string {
  if (hostName === zone) return '@';
  if (!hostName.endsWith(`.${zone}`)) {
    throw new Error(`relativeName: ${hostName} is not in the zone ${zone}`);
  }
  return hostName.slice(0, -zone.length - 1);
}

/**
 * The public name of the gateway, in the user's existing zone (which the plan does not own). A
 * CNAME to the public IP's Azure-provided FQDN; at the zone apex, where a CNAME is not allowed, an
 * alias A record pointing at the public IP resource instead. Record sets carry no tags: ownership
 * is recorded in their metadata.
 */
export function publicDns(ctx: PlanContext): PlannedResource[] {
  const { ids, spec, tags } = ctx;
  const name = relativeName(spec.gateway.hostName, spec.dns.publicZone);
  const apex = name === '@';
  return [
    planned({
      id: `${ids.publicDnsZone}/${apex ? 'A' : 'CNAME'}/${name}`,
      type: apex ? 'Microsoft.Network/dnsZones/A' : 'Microsoft.Network/dnsZones/CNAME',
      area: 'public-dns',
      body: {
        properties: apex
          ? { TTL: spec.dns.ttl, metadata: tags, targetResource: idRef(ids.gatewayPublicIp) }
          : {
              TTL: spec.dns.ttl,
              metadata: tags,
              CNAMERecord: { cname: ref(ids.gatewayPublicIp, 'properties.dnsSettings.fqdn') },
            },
      },
      dependsOn: [ids.gatewayPublicIp],
    }),
  ];
}
