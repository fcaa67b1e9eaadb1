// Subnets (Microsoft.Network/virtualNetworks/subnets): the child-resource behaviour, and what other
// types read from a subnet: prefixes, delegations, addresses in use, and ARM's subnet errors.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { referrers } from './associations.js';
import { allocateIp } from './ip-pool.js';
import { latencyOf } from '../../arm/latencies.js';

export const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

export function findSubnet(ctx: EmulatorContext, id: string): ArmResource | undefined {
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

/** The lowest free address of the subnet for `owner`, or ARM's `SubnetIsFull`. */
export function allocateSubnetIp(
  ctx: EmulatorContext,
  subnetId: string,
  subnet: ArmResource,
  owner: string,
): string {
  const ip = allocateIp(ctx, subnetId, subnetPrefixes(subnet), owner);
  if (ip) return ip;
  throw new ArmError(
    400,
    'SubnetIsFull',
    `Subnet '${subnet.name}' does not have enough capacity for 1 IP address.`,
  );
}

export function normaliseDelegations(subnet: ArmResource): void {
  const props = properties(subnet);
  if (!Array.isArray(props.delegations)) return;
  props.delegations = (
    props.delegations as { name?: string; properties?: Record<string, unknown> }[]
  ).map((d, i) => {
    const name = d.name ?? `delegation${i}`;
    return {
      ...d,
      name,
      id: `${subnet.id}/delegations/${name}`,
      type: `${SUBNET_TYPE}/delegations`,
      properties: { ...d.properties, provisioningState: 'Succeeded' },
    };
  });
}

/**
 * ARM's `InUseSubnetCannotBeDeleted` while anything is in the subnet: an address allocated to a
 * container group or private endpoint, or an Application Gateway deployed into it. Azure names
 * the first user ("Subnet aks-subnet is in use by … and cannot be deleted. In order to delete the
 * subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.",
 * SupportArticles-docs cannot-delete-ip-subnet-nsg.md; microsoft/nav-arm-templates#161).
 */
export function checkSubnetUnused(ctx: EmulatorContext, subnetId: string): void {
  const allocated = ctx.state.ipAllocations.get(key(subnetId));
  const [user] = [
    ...(allocated ? allocated.values() : []),
    ...referrers(ctx, subnetId, ['Microsoft.Network/applicationGateways']),
  ];
  if (user === undefined) return;
  throw new ArmError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${subnetId.split('/').pop()} is in use by ${user} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

export const subnets: TypeBehaviour = {
  type: SUBNET_TYPE,
  latency: latencyOf(SUBNET_TYPE),
  etag: 'weak',
  pendingState: 'Updating',
  tracked: false,
  prepare: (_ctx, subnet) => normaliseDelegations(subnet),
  beforeDelete: (ctx, subnet) => checkSubnetUnused(ctx, subnet.id),
  deleted: (ctx, subnet) => {
    ctx.state.ipAllocations.delete(key(subnet.id));
  },
};
