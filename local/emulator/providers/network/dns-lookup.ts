// Authoritative answers from the emulator's public and private zones: A, CNAME, TXT, SOA, NS.
// NXDOMAIN when no record set exists at the name, NODATA (empty answer + SOA) when only other types
// do, REFUSED for names outside every zone.
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

function zonesFor(ctx: EmulatorContext, qname: string): ArmResource[] {
  const zones = [...ctx.state.resources.values()].filter((r) =>
    [key(PRIVATE_ZONE), key(PUBLIC_ZONE)].includes(key(r.type)),
  );
  const matching = zones.filter((z) => qname === key(z.name) || qname.endsWith('.' + key(z.name)));
  const longest = Math.max(0, ...matching.map((z) => z.name.length));
  return matching
    .filter((z) => z.name.length === longest)
    .sort(
      (a, b) =>
        Number(key(b.type) === key(PRIVATE_ZONE)) - Number(key(a.type) === key(PRIVATE_ZONE)),
    );
}

function recordSet(
  ctx: EmulatorContext,
  zone: ArmResource,
  type: string,
  relative: string,
): Record<string, unknown> | undefined {
  const rs = ctx.state.resources.get(key(`${zone.id}/${type}/${relative}`));
  return rs ? properties(rs) : undefined;
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

function nameExists(ctx: EmulatorContext, zone: ArmResource, relative: string): boolean {
  const suffix = '/' + key(relative);
  return resourcesBelow(ctx, zone.id, 2).some((rs) => key(rs.id).endsWith(suffix));
}

export function lookup(ctx: EmulatorContext, name: string, type: string, depth = 0): DnsAnswer {
  const qname = key(trimDot(name));
  const zones = zonesFor(ctx, qname);
  if (zones.length === 0) return { rcode: 'REFUSED', answers: [], authorities: [] };
  for (const zone of zones) {
    const relative = qname === key(zone.name) ? '@' : qname.slice(0, -(zone.name.length + 1));
    const own = recordSet(ctx, zone, type, relative);
    if (own) return { rcode: 'NOERROR', answers: records(type, name, own), authorities: [] };
    const cname = recordSet(ctx, zone, 'CNAME', relative);
    if (cname && type !== 'CNAME') {
      const alias = records('CNAME', name, cname);
      const target =
        alias[0]?.type === 'CNAME' && depth < 8
          ? lookup(ctx, alias[0].domain, type, depth + 1)
          : undefined;
      return { rcode: 'NOERROR', answers: [...alias, ...(target?.answers ?? [])], authorities: [] };
    }
  }
  const zone = zones[0] as ArmResource;
  const soaSet = recordSet(ctx, zone, 'SOA', '@');
  const authorities = soaSet ? records('SOA', zone.name, soaSet) : [];
  const exists = zones.some((z) =>
    nameExists(ctx, z, qname === key(z.name) ? '@' : qname.slice(0, -(z.name.length + 1))),
  );
  return { rcode: exists ? 'NOERROR' : 'NXDOMAIN', answers: [], authorities };
}
