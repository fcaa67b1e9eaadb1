/** IPv4 CIDR arithmetic for spec validation. Pure; addresses are unsigned 32-bit numbers. */

export interface Cidr {
  text: string;
  network: number;
  prefix: number;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; message: string };

const CIDR_SYNTAX = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): CidrResult {
  const match = CIDR_SYNTAX.exec(text);
  if (!match) {
    return { ok: false, message: `${text} is not a CIDR block; write it like 192.168.1.0/24` };
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255)) {
    return { ok: false, message: `${text} has an octet above 255` };
  }
  if (prefix > 32) {
    return { ok: false, message: `${text} has a prefix length above 32` };
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const network = address - (address % blockSize(prefix));
  if (network !== address) {
    return {
      ok: false,
      message: `${text} has host bits set; the block starts at ${formatAddress(network)}/${prefix}`,
    };
  }
  return { ok: true, cidr: { text, network, prefix } };
}

export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.');
}

/** A block whose addresses all lie in `outer`'s is never larger, so no prefix comparison is needed. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.network >= outer.network &&
    inner.network + blockSize(inner.prefix) <= outer.network + blockSize(outer.prefix)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + blockSize(b.prefix) && b.network < a.network + blockSize(a.prefix);
}

/** Azure reserves five addresses in every subnet: the network, the broadcast and three more. */
export const AZURE_RESERVED_ADDRESSES_PER_SUBNET = 5;

export function usableAddresses(cidr: Cidr): number {
  return Math.max(0, blockSize(cidr.prefix) - AZURE_RESERVED_ADDRESSES_PER_SUBNET);
}
