// How a network security group decides a flow: its rules and Azure's default rules, in priority
// order, the first matching rule deciding ("Rules are processed in priority order … Once traffic
// matches a rule, processing stops", virtual-network/network-security-groups-overview.md).
// Pure: no state, used by the NSG behaviour and by the Application Gateway subnet check.

export interface SecurityRuleProperties {
  priority?: unknown;
  direction?: unknown;
  access?: unknown;
  protocol?: unknown;
  sourceAddressPrefix?: unknown;
  sourceAddressPrefixes?: unknown;
  destinationAddressPrefix?: unknown;
  destinationAddressPrefixes?: unknown;
  destinationPortRange?: unknown;
  destinationPortRanges?: unknown;
}

export interface SecurityRule {
  name?: string;
  properties?: SecurityRuleProperties;
}

type Direction = 'Inbound' | 'Outbound';

function rule(
  name: string,
  priority: number,
  direction: Direction,
  access: 'Allow' | 'Deny',
  source: string,
  destination: string,
): SecurityRule {
  return {
    name,
    properties: {
      priority,
      direction,
      access,
      protocol: '*',
      sourceAddressPrefix: source,
      destinationAddressPrefix: destination,
      destinationPortRange: '*',
    },
  };
}

/** Azure's default rules, which every NSG has below its own (network-security-groups-overview.md). */
export const DEFAULT_SECURITY_RULES: readonly SecurityRule[] = [
  rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
];

export type PortRange = [number, number];

/** `'*'` → all ports, `'443'`, `'65200-65535'`; undefined when unreadable. */
export function parsePortRange(value: string): PortRange | undefined {
  if (value.trim() === '*') return [0, 65535];
  const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value);
  if (!m) return undefined;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  return low <= high && high <= 65535 ? [low, high] : undefined;
}

function strings(single: unknown, list: unknown): string[] {
  const all: unknown[] = Array.isArray(list) ? (list as unknown[]) : [];
  return [single, ...all].filter((v): v is string => typeof v === 'string');
}

export function ruleSources(p: SecurityRuleProperties): string[] {
  return strings(p.sourceAddressPrefix, p.sourceAddressPrefixes);
}

export function ruleDestinations(p: SecurityRuleProperties): string[] {
  return strings(p.destinationAddressPrefix, p.destinationAddressPrefixes);
}

export function rulePorts(p: SecurityRuleProperties): PortRange[] {
  return strings(p.destinationPortRange, p.destinationPortRanges)
    .map(parsePortRange)
    .filter((r): r is PortRange => r !== undefined);
}

/** A flow as the rules see it: which address prefixes match its ends, protocol, port range. */
export interface Flow {
  direction: Direction;
  protocol: 'Tcp' | 'Udp';
  source: (prefix: string) => boolean;
  destination: (prefix: string) => boolean;
  ports: PortRange;
}

function subtract(ranges: PortRange[], cut: PortRange): PortRange[] {
  return ranges.flatMap(([low, high]): PortRange[] => {
    if (cut[1] < low || cut[0] > high) return [[low, high]];
    const left: PortRange[] = cut[0] > low ? [[low, cut[0] - 1]] : [];
    const right: PortRange[] = cut[1] < high ? [[cut[1] + 1, high]] : [];
    return [...left, ...right];
  });
}

const overlaps = (ranges: PortRange[], cut: PortRange) =>
  ranges.some(([low, high]) => cut[0] <= high && cut[1] >= low);

function matches(p: SecurityRuleProperties, flow: Flow): boolean {
  if (p.direction !== flow.direction) return false;
  const protocol = typeof p.protocol === 'string' ? p.protocol : '*';
  if (protocol !== '*' && protocol.toLowerCase() !== flow.protocol.toLowerCase()) return false;
  return ruleSources(p).some(flow.source) && ruleDestinations(p).some(flow.destination);
}

/**
 * The first rule (by priority, the NSG's own then the defaults) that denies some port of the flow
 * before an allow rule decided it, or undefined when every port of the flow is allowed.
 */
export function denyingRule(rules: readonly SecurityRule[], flow: Flow): SecurityRule | undefined {
  const ordered = [...rules, ...DEFAULT_SECURITY_RULES]
    .filter((r) => matches(r.properties ?? {}, flow))
    .sort((a, b) => Number(a.properties?.priority) - Number(b.properties?.priority));
  let open: PortRange[] = [flow.ports];
  for (const r of ordered) {
    for (const ports of rulePorts(r.properties ?? {})) {
      if (!overlaps(open, ports)) continue;
      if (r.properties?.access === 'Deny') return r;
      open = subtract(open, ports);
    }
    if (open.length === 0) return undefined;
  }
  return undefined;
}

/** Whether an IPv4 CIDR overlaps another; false for anything that is not a CIDR. */
export function cidrsOverlap(a: string, b: string): boolean {
  const ra = cidrRange(a);
  const rb = cidrRange(b);
  return ra !== undefined && rb !== undefined && ra[0] <= rb[1] && rb[0] <= ra[1];
}

function cidrRange(cidr: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)(?:\/(\d+))?$/.exec(cidr.trim());
  if (!m) return undefined;
  const base = [m[1], m[2], m[3], m[4]].reduce((acc, part) => acc * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(m[5] ?? 32));
  const start = Math.floor(base / size) * size;
  return [start, start + size - 1];
}
