// Authoritative answers from the emulator's public and private zones: A, CNAME, TXT, SOA, NS.
// NXDOMAIN when no record set exists at the name, NODATA (empty answer + SOA) when only other types
// do, REFUSED for names outside every zone. What a server knows is a `DnsView`: the zones as they
// are now (`liveView`, the emulator's resolver), or as one of Azure DNS's name servers has them
// (name-servers.ts).
import { key } from '../../arm/resource-id.js';
import { properties, resourcesBelow } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { PRIVATE_ZONE, PUBLIC_ZONE } from './dns-zones.js';

export type DnsRecord =
  | { type: 'A'; name: string; ttl: number; address: string }
  | { type: 'CNAME'; name: string; ttl: number; domain: string }
  | { type: 'TXT'; name: string; ttl: number; data: string[] }
  | { type: 'NS'; name: string; ttl: number; ns: string }
  | {
      type: 'SOA';
      name: string;
      ttl: number;
      primary: string;
      admin: string;
      serial: number;
      refresh: number;
      retry: number;
      expiration: number;
      minimum: number;
    };

export interface DnsAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  answers: DnsRecord[];
  authorities: DnsRecord[];
}

const trimDot = (s: string) => s.replace(/\.$/, '');

/** The zones and record sets one DNS server answers from. */
export interface DnsView {
  /** The zones the server is authoritative for. */
  zones: () => ArmResource[];
  /** The properties of the zone's record set `{type}/{relative}`, when the server has it. */
  recordSet: (
    zone: ArmResource,
    type: string,
    relative: string,
  ) => Record<string, unknown> | undefined;
  /** Whether the server has any record set at the zone's relative name. */
  hasName: (zone: ArmResource, relative: string) => boolean;
}

export const isDnsZone = (r: ArmResource): boolean =>
  [key(PRIVATE_ZONE), key(PUBLIC_ZONE)].includes(key(r.type));

/** The emulator's resolver: every public and private zone, as it is now. */
export function liveView(ctx: EmulatorContext): DnsView {
  return {
    zones: () => [...ctx.state.resources.values()].filter(isDnsZone),
    recordSet: (zone, type, relative) => {
      const rs = ctx.state.resources.get(key(`${zone.id}/${type}/${relative}`));
      return rs ? properties(rs) : undefined;
    },
    hasName: (zone, relative) => {
      const suffix = '/' + key(relative);
      return resourcesBelow(ctx, zone.id, 2).some((rs) => key(rs.id).endsWith(suffix));
    },
  };
}

function zonesFor(view: DnsView, qname: string): ArmResource[] {
  const matching = view
    .zones()
    .filter((z) => qname === key(z.name) || qname.endsWith('.' + key(z.name)));
  const longest = Math.max(0, ...matching.map((z) => z.name.length));
  return matching
    .filter((z) => z.name.length === longest)
    .sort(
      (a, b) =>
        Number(key(b.type) === key(PRIVATE_ZONE)) - Number(key(a.type) === key(PRIVATE_ZONE)),
    );
}

const pick = (p: Record<string, unknown>, ...names: string[]): unknown =>
  names.map((n) => p[n]).find((v) => v !== undefined);

function records(type: string, name: string, p: Record<string, unknown>): DnsRecord[] {
  const ttl = Number(pick(p, 'ttl', 'TTL') ?? 3600);
  const fq = trimDot(name);
  switch (type) {
    case 'A':
      return ((pick(p, 'aRecords', 'ARecords') ?? []) as { ipv4Address?: string }[]).map((r) => ({
        type,
        name: fq,
        ttl,
        address: r.ipv4Address ?? '',
      }));
    case 'CNAME': {
      const c = pick(p, 'cnameRecord', 'CNAMERecord') as { cname?: string } | undefined;
      return c?.cname ? [{ type, name: fq, ttl, domain: trimDot(c.cname) }] : [];
    }
    case 'TXT':
      return ((pick(p, 'txtRecords', 'TXTRecords') ?? []) as { value?: string[] }[]).map((r) => ({
        type,
        name: fq,
        ttl,
        data: r.value ?? [],
      }));
    case 'NS':
      return ((pick(p, 'NSRecords', 'nsRecords') ?? []) as { nsdname?: string }[]).map((r) => ({
        type,
        name: fq,
        ttl,
        ns: trimDot(r.nsdname ?? ''),
      }));
    case 'SOA': {
      const s = (pick(p, 'soaRecord', 'SOARecord') ?? {}) as Record<string, number | string>;
      return [
        {
          type,
          name: fq,
          ttl,
          primary: trimDot(String(s.host ?? '')),
          admin: trimDot(String(s.email ?? '')),
          serial: Number(s.serialNumber ?? 1),
          refresh: Number(s.refreshTime ?? 3600),
          retry: Number(s.retryTime ?? 300),
          expiration: Number(s.expireTime ?? 2419200),
          minimum: Number(pick(s, 'minimumTtl', 'minimumTTL') ?? 300),
        },
      ];
    }
    default:
      return [];
  }
}

const relativeIn = (zone: ArmResource, qname: string): string =>
  qname === key(zone.name) ? '@' : qname.slice(0, -(zone.name.length + 1));

/** The answer of a server that knows `view`: by default the emulator's resolver (`liveView`). */
export function lookup(
  ctx: EmulatorContext,
  name: string,
  type: string,
  view: DnsView = liveView(ctx),
): DnsAnswer {
  return answer(view, name, type, 0);
}

function answer(view: DnsView, name: string, type: string, depth: number): DnsAnswer {
  const qname = key(trimDot(name));
  const zones = zonesFor(view, qname);
  if (zones.length === 0) return { rcode: 'REFUSED', answers: [], authorities: [] };
  for (const zone of zones) {
    const relative = relativeIn(zone, qname);
    const own = view.recordSet(zone, type, relative);
    if (own) return { rcode: 'NOERROR', answers: records(type, name, own), authorities: [] };
    const cname = view.recordSet(zone, 'CNAME', relative);
    if (cname && type !== 'CNAME') {
      const alias = records('CNAME', name, cname);
      const target =
        alias[0]?.type === 'CNAME' && depth < 8
          ? answer(view, alias[0].domain, type, depth + 1)
          : undefined;
      return { rcode: 'NOERROR', answers: [...alias, ...(target?.answers ?? [])], authorities: [] };
    }
  }
  const zone = zones[0] as ArmResource;
  const soaSet = view.recordSet(zone, 'SOA', '@');
  const authorities = soaSet ? records('SOA', zone.name, soaSet) : [];
  const exists = zones.some((z) => view.hasName(z, relativeIn(z, qname)));
  return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers: [], authorities };
}
