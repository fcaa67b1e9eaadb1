// Which resources still use a network resource, and ARM's refusals to delete one that is used.
// Azure refuses to delete a public IP a gateway or NAT gateway holds, an NSG or NAT gateway a
// subnet is associated with, and a VNet with a subnet in use: "You can delete a virtual network
// only if there are no resources connected to it" (articles/virtual-network/
// manage-virtual-network.yml, "Delete a virtual network"); codes and messages as the support
// article "A public IP address/subnet/network security group in use can't be deleted" quotes
// them (SupportArticles-docs support/azure/azure-kubernetes/create-upgrade-delete/
// cannot-delete-ip-subnet-nsg.md). The NAT gateway's: "Remove a NAT gateway from an existing
// subnet and delete the resource" (articles/nat-gateway/manage-nat-gateway.md); its code
// `InUseNatGatewayCannotBeDeleted` is the one Azure error catalogs list, its message inferred
// from the NSG's.
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';

/**
 * Where other resources point at `id` (`{ "id": "<id>" }` anywhere in their properties): the id
 * of the nearest object holding the reference (a gateway's `frontendIPConfigurations/x`, a
 * subnet), the resource itself otherwise. `types` limits the resources looked at.
 */
export function referrers(ctx: EmulatorContext, id: string, types?: readonly string[]): string[] {
  const target = key(id);
  const wanted = types?.map(key);
  const found: string[] = [];
  for (const resource of ctx.state.resources.values()) {
    const own = key(resource.id);
    if (own === target || own.startsWith(`${target}/`)) continue;
    if (wanted && !wanted.includes(key(resource.type))) continue;
    walk(resource.properties, resource.id, target, found);
  }
  return [...new Set(found)];
}

function walk(value: unknown, holder: string, target: string, found: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, holder, target, found);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  const ownId = typeof record.id === 'string' ? record.id : undefined;
  if (ownId !== undefined && key(ownId) === target) {
    found.push(holder);
    return;
  }
  const next = ownId !== undefined && key(ownId) !== target ? ownId : holder;
  for (const child of Object.values(record)) walk(child, next, target, found);
}

/** `PublicIPAddressCannotBeDeleted` while a gateway, NAT gateway or NIC holds the address. */
export function checkPublicIpUnused(ctx: EmulatorContext, pip: ArmResource): void {
  const [user] = referrers(ctx, pip.id);
  if (!user) return;
  throw new ArmError(
    400,
    'PublicIPAddressCannotBeDeleted',
    `Public IP address ${pip.id} can not be deleted since it is still allocated to resource ${user}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.`,
  );
}

/**
 * An association's refusal: "Network security group <id> cannot be deleted because it is in use by
 * the following resources: <ids>. In order to delete the Network security group, remove the
 * association with the resource(s)." (the support article above); the NAT gateway's in the same
 * words (inferred).
 */
function refuseWhileAssociated(code: string, noun: string) {
  return (ctx: EmulatorContext, resource: ArmResource): void => {
    const users = referrers(ctx, resource.id);
    if (users.length === 0) return;
    throw new ArmError(
      400,
      code,
      `${noun} ${resource.id} cannot be deleted because it is in use by the following resources: ${users.join(', ')}. In order to delete the ${noun}, remove the association with the resource(s).`,
    );
  };
}

/** `InUseNetworkSecurityGroupCannotBeDeleted` while a subnet (or NIC) is associated with it. */
export const checkNsgUnused = refuseWhileAssociated(
  'InUseNetworkSecurityGroupCannotBeDeleted',
  'Network security group',
);

/** `InUseNatGatewayCannotBeDeleted` while a subnet is associated with it. */
export const checkNatGatewayUnused = refuseWhileAssociated(
  'InUseNatGatewayCannotBeDeleted',
  'Nat gateway',
);
