// Virtual networks and subnets. Subnets are child resources; a VNet PUT with inline `subnets`
// creates, updates and removes them (a subnet left out of the list is deleted, as in Azure), and a
// VNet GET embeds them.
import type { TypeBehaviour } from '../arm/behaviour.js';
import { ArmError } from '../arm/errors.js';
import { key } from '../arm/resource-id.js';
import {
  listChildren,
  newEtag,
  properties,
  putResource,
  removeResource,
} from '../arm/resource-store.js';
import type { ArmResource, EmuContext } from '../types.js';

const SUBNET_TYPE = 'Microsoft.Network/virtualNetworks/subnets';

function normaliseDelegations(subnet: ArmResource): void {
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

function subnetInUse(ctx: EmuContext, subnetId: string): boolean {
  return (ctx.state.ipAllocations.get(key(subnetId))?.size ?? 0) > 0;
}

function inUseError(subnetId: string): ArmError {
  return new ArmError(
    400,
    'InUseSubnetCannotBeDeleted',
    `Subnet ${subnetId.split('/').pop()} is in use by resources and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.`,
  );
}

function syncSubnets(ctx: EmuContext, vnet: ArmResource): void {
  const props = properties(vnet);
  // A VNet PUT without `subnets` removes them, as an ARM template redeploy does.
  if (!Array.isArray(props.subnets)) props.subnets = [];
  const wanted = props.subnets as { name?: string; properties?: Record<string, unknown> }[];
  const names = new Set(wanted.map((s) => (s.name ?? '').toLowerCase()));
  for (const old of listChildren(ctx, vnet.id, 'subnets')) {
    if (names.has(old.name.toLowerCase())) continue;
    if (subnetInUse(ctx, old.id)) throw inUseError(old.id);
    removeResource(ctx, old.id);
  }
  for (const s of wanted) {
    const id = `${vnet.id}/subnets/${s.name ?? ''}`;
    const subnet: ArmResource = {
      id,
      name: s.name ?? '',
      type: SUBNET_TYPE,
      properties: { ...s.properties, provisioningState: 'Succeeded' },
    };
    const etag = newEtag(ctx, 'weak');
    if (etag) subnet.etag = etag;
    normaliseDelegations(subnet);
    putResource(ctx, subnet);
  }
  delete props.subnets;
}

export const virtualNetworks: TypeBehaviour = {
  type: 'Microsoft.Network/virtualNetworks',
  putLatencyMs: 3_000,
  deleteLatencyMs: 3_000,
  etag: 'weak',
  pendingState: 'Updating',
  prepare: (ctx, vnet) => syncSubnets(ctx, vnet),
  view: (ctx, vnet) => ({
    ...vnet,
    properties: { ...properties(vnet), subnets: listChildren(ctx, vnet.id, 'subnets') },
  }),
  deleted: (ctx, vnet) => {
    for (const subnet of listChildren(ctx, vnet.id, 'subnets'))
      ctx.state.ipAllocations.delete(key(subnet.id));
  },
};

export const subnets: TypeBehaviour = {
  type: SUBNET_TYPE,
  putLatencyMs: 2_000,
  deleteLatencyMs: 2_000,
  etag: 'weak',
  pendingState: 'Updating',
  tracked: false,
  prepare: (_ctx, subnet) => normaliseDelegations(subnet),
  beforeDelete: (ctx, subnet) => {
    if (subnetInUse(ctx, subnet.id)) throw inUseError(subnet.id);
  },
  deleted: (ctx, subnet) => {
    ctx.state.ipAllocations.delete(key(subnet.id));
  },
};
