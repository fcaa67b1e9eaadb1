// Virtual networks. Subnets are child resources (subnets.ts); a VNet PUT with inline `subnets`
// creates, updates and removes them (a subnet left out of the list is deleted, as in Azure), and a
// VNet GET embeds them. A VNet whose subnets are in use cannot be deleted.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { key } from '../../arm/resource-id.js';
import {
  listChildren,
  newEtag,
  properties,
  putResource,
  removeResource,
} from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { SUBNET_TYPE, checkSubnetUnused, normaliseDelegations } from './subnets.js';
import { latencyOf } from '../../arm/latencies.js';

function syncSubnets(ctx: EmulatorContext, vnet: ArmResource): void {
  const props = properties(vnet);
  // A VNet PUT without `subnets` removes them, as an ARM template redeploy does.
  if (!Array.isArray(props.subnets)) props.subnets = [];
  const wanted = props.subnets as { name?: string; properties?: Record<string, unknown> }[];
  const names = new Set(wanted.map((s) => (s.name ?? '').toLowerCase()));
  for (const old of listChildren(ctx, vnet.id, 'subnets')) {
    if (names.has(old.name.toLowerCase())) continue;
    checkSubnetUnused(ctx, old.id);
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
  latency: latencyOf('Microsoft.Network/virtualNetworks'),
  etag: 'weak',
  pendingState: 'Updating',
  prepare: (ctx, vnet) => syncSubnets(ctx, vnet),
  view: (ctx, vnet) => ({
    ...vnet,
    properties: { ...properties(vnet), subnets: listChildren(ctx, vnet.id, 'subnets') },
  }),
  // "You can delete a virtual network only if there are no resources connected to it"
  // (virtual-network/manage-virtual-network.yml); Azure answers for the first subnet in use.
  beforeDelete: (ctx, vnet) => {
    for (const subnet of listChildren(ctx, vnet.id, 'subnets')) checkSubnetUnused(ctx, subnet.id);
  },
  deleted: (ctx, vnet) => {
    for (const subnet of listChildren(ctx, vnet.id, 'subnets'))
      ctx.state.ipAllocations.delete(key(subnet.id));
  },
};
