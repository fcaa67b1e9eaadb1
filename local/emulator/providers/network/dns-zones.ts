// Public (Microsoft.Network/dnszones) and private (Microsoft.Network/privateDnsZones) DNS zones with
// their record sets. Record sets are synchronous child resources with strong etags, honouring
// If-Match / If-None-Match on PUT and If-Match on DELETE (RecordSets_CreateOrUpdate and
// RecordSets_Delete in specification/dns/…/2018-05-01/dns.json: "Set to '*' to allow a new record
// set to be created, but to prevent updating an existing record set"; articles/dns/dns-zones-records.md,
// "Etags": "If-match <etag> | PUT only succeeds if resource exists and Etag matches", "If-none-match *
// | PUT only succeeds if resource doesn't exist"), answering 412 in the DNS RPs' words
// (arm/errors.ts `dnsAlreadyExists`, `dnsEtagMismatch`); a zone is
// created with its SOA (and, for public zones, NS) record set at `@`. Every change to a public
// zone's record sets is journaled (dns-journal.ts): its name servers show it only after their
// propagation delay (name-servers.ts).
import type { ActionHandler, BehaviourLookup, TypeBehaviour } from '../../arm/behaviour.js';
import { listResponse } from '../../arm/generic-read.js';
import { key } from '../../arm/resource-id.js';
import { ArmError } from '../../arm/errors.js';
import {
  listChildren,
  newEtag,
  properties,
  putResource,
  resourcesBelow,
} from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { journalRecordSet } from './dns-journal.js';
import { RECORD_SET_LATENCY, latencyOf } from '../../arm/latencies.js';

export const RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'TXT', 'NS', 'SOA', 'MX', 'PTR', 'SRV', 'CAA'];
export const PUBLIC_ZONE = 'Microsoft.Network/dnszones';
export const PRIVATE_ZONE = 'Microsoft.Network/privateDnsZones';
/** The four name servers Azure assigns a public zone (`properties.nameServers`), in that order. */
export const AZURE_NAME_SERVERS: readonly string[] = [
  'ns1-01.azure-dns.com.',
  'ns2-01.azure-dns.net.',
  'ns3-01.azure-dns.org.',
  'ns4-01.azure-dns.info.',
];

function fqdn(zone: string, name: string): string {
  return name === '@' ? `${zone}.` : `${name}.${zone}.`;
}

function apexRecordSets(ctx: EmulatorContext, zone: ArmResource, isPublic: boolean): void {
  const soa = {
    host: isPublic ? AZURE_NAME_SERVERS[0] : 'azureprivatedns.net',
    email: 'azuredns-hostmaster.microsoft.com',
    serialNumber: 1,
    refreshTime: 3600,
    retryTime: 300,
    expireTime: 2419200,
  };
  const sets: [string, Record<string, unknown>][] = isPublic
    ? [
        ['SOA', { TTL: 3600, SOARecord: { ...soa, minimumTTL: 300 } }],
        ['NS', { TTL: 172800, NSRecords: AZURE_NAME_SERVERS.map((nsdname) => ({ nsdname })) }],
      ]
    : [['SOA', { ttl: 3600, soaRecord: { ...soa, minimumTtl: 10 } }]];
  for (const [type, props] of sets) {
    const id = `${zone.id}/${type}/@`;
    if (ctx.state.resources.has(key(id))) continue;
    const rs: ArmResource = {
      id,
      name: '@',
      type: `${zone.type}/${type}`,
      etag: newEtag(ctx, 'strong'),
      properties: { ...props, fqdn: fqdn(zone.name, '@'), provisioningState: 'Succeeded' },
    };
    putResource(ctx, rs);
    if (isPublic) journalRecordSet(ctx, id, rs);
  }
}

/** RecordSets_List (`{zone}/ALL`, `{zone}/recordsets`): record sets only, not a private zone's links. */
function allRecordSets(behaviourOf: BehaviourLookup): ActionHandler {
  const recordTypes = new Set(RECORD_TYPES.map(key));
  const isRecordSet = (rs: ArmResource) => recordTypes.has(key(rs.type.split('/').at(-1) ?? ''));
  return (ctx, zone) =>
    listResponse(ctx, resourcesBelow(ctx, zone.id, 2).filter(isRecordSet), behaviourOf);
}

/**
 * "Private DNS zone cannot be deleted unless all virtual network links to it are removed"
 * (PrivateZones_Delete, specification/privatedns/…/privatedns.json); Azure answers 409
 * `CannotDeleteResource` naming a link (learntocloud/networking-lab#8: "Cannot delete resource
 * while nested resources exist. Some existing nested resource IDs include: '…/virtualNetworkLinks/
 * LabVNetLink'. Please delete all nested resources before deleting this resource.").
 */
function refuseWhileLinked(ctx: EmulatorContext, zone: ArmResource): void {
  const [link] = listChildren(ctx, zone.id, 'virtualNetworkLinks');
  if (!link) return;
  throw new ArmError(
    409,
    'CannotDeleteResource',
    `Cannot delete resource while nested resources exist. Some existing nested resource IDs include: 'Microsoft.Network/privateDnsZones/${zone.name}/virtualNetworkLinks/${link.name}'. Please delete all nested resources before deleting this resource.`,
  );
}

/** A public record set's writes and deletes, as its name servers will see them. */
const journaled: Pick<TypeBehaviour, 'provisioned' | 'deleted'> = {
  provisioned: (ctx, rs) => journalRecordSet(ctx, rs.id, rs),
  deleted: (ctx, rs) => journalRecordSet(ctx, rs.id, undefined),
};

function recordSetBehaviour(zoneType: string, recordType: string): TypeBehaviour {
  return {
    type: `${zoneType}/${recordType}`,

    latency: RECORD_SET_LATENCY,
    etag: 'strong',
    conditionalNoun: 'Record set',
    tracked: false,
    prepare: (_ctx, rs) => {
      const zoneName = rs.id.split('/').at(-3) ?? '';
      properties(rs).fqdn = fqdn(zoneName, rs.name);
    },
    ...(zoneType === PUBLIC_ZONE ? journaled : {}),
  };
}

export const recordSetBehaviours: TypeBehaviour[] = RECORD_TYPES.flatMap((t) => [
  recordSetBehaviour(PUBLIC_ZONE, t),
  recordSetBehaviour(PRIVATE_ZONE, t),
]);

const recordSetOf = (type: string): TypeBehaviour =>
  recordSetBehaviours.find((b) => key(b.type) === key(type)) ?? {
    type,
    latency: RECORD_SET_LATENCY,
  };

export const dnsZones: TypeBehaviour = {
  type: PUBLIC_ZONE,

  latency: latencyOf(PUBLIC_ZONE),
  etag: 'strong',
  conditionalNoun: 'Zone',
  prepare: (_ctx, zone) => {
    Object.assign(properties(zone), {
      nameServers: [...AZURE_NAME_SERVERS],
      zoneType: 'Public',
      maxNumberOfRecordSets: 10000,
    });
  },
  provisioned: (ctx, zone) => apexRecordSets(ctx, zone, true),
  collections: { recordsets: allRecordSets(recordSetOf), all: allRecordSets(recordSetOf) },
};

export const privateDnsZones: TypeBehaviour = {
  type: PRIVATE_ZONE,

  latency: latencyOf(PRIVATE_ZONE),
  etag: 'strong',
  conditionalNoun: 'Zone',
  provisioned: (ctx, zone) => apexRecordSets(ctx, zone, false),
  beforeDelete: refuseWhileLinked,
  collections: { all: allRecordSets(recordSetOf) },
};

export const privateDnsZoneLinks: TypeBehaviour = {
  type: `${PRIVATE_ZONE}/virtualNetworkLinks`,

  latency: latencyOf(`${PRIVATE_ZONE}/virtualNetworkLinks`),
  etag: 'strong',
  // Documented only as "*exists already and hence cannot be created again*" (Azure/azure-powershell
  // PrivateDns scenario test `Test-LinkAlreadyExistsCreateThrow`); the noun is inferred.
  conditionalNoun: 'Virtual network link',
  prepare: (_ctx, link) => {
    properties(link).virtualNetworkLinkState = 'Completed';
  },
};
