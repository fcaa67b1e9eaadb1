// Private endpoints get a NIC IP in their subnet; a private DNS zone group writes the A record of
// the target (e.g. `{server}` in `privatelink.database.windows.net`) into each linked zone.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { nameOf } from '../../arm/resource-id.js';
import { getResource, properties, putResource, removeResource } from '../../arm/resource-store.js';
import { releaseIp } from './ip-pool.js';
import { allocateSubnetIp, findSubnet } from './subnets.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { latencyOf } from '../../arm/latencies.js';

type Connection = {
  name?: string;
  properties?: { privateLinkServiceId?: string; groupIds?: string[] };
};

/** Public DNS suffix per private-link group id (https://learn.microsoft.com/azure/private-link/private-endpoint-dns). */
const GROUP_SUFFIX: Record<string, string> = {
  sqlserver: 'database.windows.net',
  vault: 'vault.azure.net',
  registry: 'azurecr.io',
  blob: 'blob.core.windows.net',
  sites: 'azurewebsites.net',
};

function connection(pe: ArmResource): Connection | undefined {
  const list =
    properties(pe).privateLinkServiceConnections ??
    properties(pe).manualPrivateLinkServiceConnections;
  return Array.isArray(list) ? (list[0] as Connection) : undefined;
}

function targetFqdn(pe: ArmResource): string | undefined {
  const c = connection(pe)?.properties;
  const suffix = GROUP_SUFFIX[(c?.groupIds?.[0] ?? '').toLowerCase()];
  return c?.privateLinkServiceId && suffix
    ? `${nameOf(c.privateLinkServiceId)}.${suffix}`
    : undefined;
}

function endpointIp(pe: ArmResource): string | undefined {
  const configs = properties(pe).customDnsConfigs as { ipAddresses?: string[] }[] | undefined;
  return configs?.[0]?.ipAddresses?.[0];
}

function subnetIdOf(pe: ArmResource): string {
  return String((properties(pe).subnet as { id?: string } | undefined)?.id ?? '');
}

function prepareEndpoint(
  ctx: EmulatorContext,
  pe: ArmResource,
  existing: ArmResource | undefined,
): void {
  const subnetId = subnetIdOf(pe);
  const subnet = findSubnet(ctx, subnetId);
  if (!subnet)
    throw new ArmError(
      400,
      'InvalidResourceReference',
      `Resource ${subnetId} referenced by resource ${pe.id} was not found.`,
    );
  const ip = (existing && endpointIp(existing)) ?? allocateSubnetIp(ctx, subnetId, subnet, pe.id);
  const props = properties(pe);
  const fqdn = targetFqdn(pe);
  props.customDnsConfigs = [{ fqdn: fqdn ?? pe.name, ipAddresses: [ip] }];
  props.networkInterfaces = [
    {
      id: `${pe.id.split('/providers/')[0] ?? ''}/providers/Microsoft.Network/networkInterfaces/${pe.name}.nic.${ctx.newId()}`,
    },
  ];
  const c = connection(pe);
  if (c)
    c.properties = {
      ...c.properties,
      privateLinkServiceConnectionState: {
        status: 'Approved',
        description: 'Auto-Approved',
        actionsRequired: 'None',
      },
    } as Connection['properties'];
}

export const privateEndpoints: TypeBehaviour = {
  type: 'Microsoft.Network/privateEndpoints',
  latency: latencyOf('Microsoft.Network/privateEndpoints'),
  etag: 'weak',
  pendingState: 'Updating',
  prepare: prepareEndpoint,
  deleted: (ctx, pe) => {
    const ip = endpointIp(pe);
    if (ip) releaseIp(ctx, subnetIdOf(pe), ip);
  },
};

type ZoneConfig = { name?: string; properties?: { privateDnsZoneId?: string } };

function zoneRecords(
  ctx: EmulatorContext,
  group: ArmResource,
): { zoneId: string; recordId: string; ip: string }[] {
  const pe = getResource(ctx, group.id.split(/\/privateDnsZoneGroups\//i)[0] ?? '');
  const ip = pe ? endpointIp(pe) : undefined;
  const fqdn = pe ? targetFqdn(pe) : undefined;
  if (!ip || !fqdn) return [];
  const configs = (properties(group).privateDnsZoneConfigs ?? []) as ZoneConfig[];
  return configs
    .map((c) => c.properties?.privateDnsZoneId ?? '')
    .filter((zoneId) => getResource(ctx, zoneId))
    .map((zoneId) => ({ zoneId, recordId: `${zoneId}/A/${fqdn.split('.')[0] ?? ''}`, ip }));
}

type RecordSetRef = {
  recordType: string;
  recordSetName: string;
  fqdn: string;
  ipAddresses: string[];
  zoneId: string;
};

/** Writes the A records and lists them in `privateDnsZoneConfigs[].properties.recordSets`, as Azure does. */
function writeRecords(ctx: EmulatorContext, group: ArmResource): void {
  const byZone = new Map(zoneRecords(ctx, group).map((r) => [r.zoneId.toLowerCase(), r]));
  for (const config of (properties(group).privateDnsZoneConfigs ?? []) as ZoneConfig[]) {
    const r = byZone.get((config.properties?.privateDnsZoneId ?? '').toLowerCase());
    if (!r) continue;
    const zone = nameOf(r.zoneId);
    const name = nameOf(r.recordId);
    putResource(ctx, {
      id: r.recordId,
      name,
      type: 'Microsoft.Network/privateDnsZones/A',
      etag: ctx.newId(),
      properties: {
        ttl: 10,
        fqdn: `${name}.${zone}.`,
        aRecords: [{ ipv4Address: r.ip }],
        isAutoRegistered: false,
        provisioningState: 'Succeeded',
      },
    });
    const ref: RecordSetRef = {
      recordType: 'A',
      recordSetName: name,
      fqdn: `${name}.${zone}`,
      ipAddresses: [r.ip],
      zoneId: r.zoneId,
    };
    config.properties = {
      ...config.properties,
      recordSets: [{ ...ref, ttl: 10, provisioningState: 'Succeeded' }],
    } as ZoneConfig['properties'];
  }
}

function removeRecords(ctx: EmulatorContext, group: ArmResource): void {
  for (const config of (properties(group).privateDnsZoneConfigs ?? []) as ZoneConfig[]) {
    const sets =
      (config.properties as { recordSets?: RecordSetRef[] } | undefined)?.recordSets ?? [];
    for (const set of sets)
      removeResource(ctx, `${set.zoneId}/${set.recordType}/${set.recordSetName}`);
  }
}

export const privateDnsZoneGroups: TypeBehaviour = {
  type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
  latency: latencyOf('Microsoft.Network/privateEndpoints/privateDnsZoneGroups'),
  etag: 'weak',
  tracked: false,
  pendingState: 'Updating',
  provisioned: writeRecords,
  deleted: removeRecords,
};
