// Private address allocation in a subnet. Azure reserves the first four addresses and the last one
// of every subnet (https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets).
import type { EmulatorContext } from '../../core/context.js';
import { key } from '../../arm/resource-id.js';

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Usable host range of an IPv4 prefix after Azure's reservations, or undefined if not IPv4. */
export function usableRange(prefix: string): { first: number; last: number } | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(prefix.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const bits = Number(m[2]);
  const size = 2 ** (32 - bits);
  const base = Math.floor(ipToInt(m[1]) / size) * size;
  return { first: base + 4, last: base + size - 2 };
}

function allocations(ctx: EmulatorContext, subnetId: string): Map<string, string> {
  let map = ctx.state.ipAllocations.get(key(subnetId));
  if (!map) {
    map = new Map();
    ctx.state.ipAllocations.set(key(subnetId), map);
  }
  return map;
}

/** Lowest free address in the subnet for `owner`, or undefined when the subnet is full. */
export function allocateIp(
  ctx: EmulatorContext,
  subnetId: string,
  prefixes: string[],
  owner: string,
): string | undefined {
  const used = allocations(ctx, subnetId);
  for (const prefix of prefixes) {
    const range = usableRange(prefix);
    if (!range) continue;
    for (let n = range.first; n <= range.last; n += 1) {
      const ip = intToIp(n);
      if (!used.has(ip)) {
        used.set(ip, owner);
        return ip;
      }
    }
  }
  return undefined;
}

export function releaseIp(ctx: EmulatorContext, subnetId: string, ip: string): void {
  allocations(ctx, subnetId).delete(ip);
}

export function ownerOfIp(ctx: EmulatorContext, ip: string): string | undefined {
  for (const map of ctx.state.ipAllocations.values()) {
    const owner = map.get(ip);
    if (owner) return owner;
  }
  return undefined;
}
