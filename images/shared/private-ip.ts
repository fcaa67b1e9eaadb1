import type { NetworkInterfaceInfo } from 'node:os';

export type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

export interface InterfaceAddress {
  interfaceName: string;
  address: string;
}

/**
 * The first non-internal IPv4 address, in the order the OS lists interfaces. Every container of
 * an ACI group shares the group's network namespace, so this is the group's private IP.
 */
export function firstPrivateIpv4(interfaces: Interfaces): InterfaceAddress | undefined {
  for (const [interfaceName, addresses] of Object.entries(interfaces)) {
    const match = (addresses ?? []).find((a) => a.family === 'IPv4' && !a.internal);
    if (match) return { interfaceName, address: match.address };
  }
  return undefined;
}
