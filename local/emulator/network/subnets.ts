// Reading subnets for other types: prefixes, delegations, and the subnet error ARM returns.
import { getResource, properties } from '../arm/resource-store.js';
import type { ArmResource, EmuContext } from '../types.js';

export function findSubnet(ctx: EmuContext, id: string): ArmResource | undefined {
  return getResource(ctx, id);
}

export function subnetPrefixes(subnet: ArmResource): string[] {
  const props = properties(subnet);
  const list = Array.isArray(props.addressPrefixes) ? (props.addressPrefixes as string[]) : [];
  return typeof props.addressPrefix === 'string' ? [props.addressPrefix, ...list] : list;
}

export function isDelegatedTo(subnet: ArmResource, serviceName: string): boolean {
  const delegations = properties(subnet).delegations;
  if (!Array.isArray(delegations)) return false;
  return delegations.some((d: { serviceName?: string; properties?: { serviceName?: string } }) => {
    const name = d.properties?.serviceName ?? d.serviceName ?? '';
    return name.toLowerCase() === serviceName.toLowerCase();
  });
}
