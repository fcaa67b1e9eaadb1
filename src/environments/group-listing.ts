/**
 * The container groups of an environment in as few ARM reads as their state allows: one list of
 * the resource group's container groups (ContainerGroups_ListByResourceGroup) instead of a GET per
 * group. The list carries each group's IP and provisioning state but no instance view (example
 * ContainerGroups_ListByResourceGroup.json, 2023-05-01; "not possible yet because that's a very
 * expensive operation … you can parallelize the `get` calls", Azure/azure-sdk-for-python#2662),
 * and a group without an IP needs its instance view to say whether it is restarting (Pending,
 * Waiting containers) or at rest (Stopped, Failed): restarting.ts. So only those are read again,
 * one GET each. A group with an IP needs nothing more (restartingReason answers at once for it).
 * Reads of an environment whose groups all run: one, whatever the number of groups.
 */

import { apiVersionOf, containerGroupRoles, planIds } from '../plan/index.js';
import type { ArmResource } from '../azure/resources.js';
import type { EnvironmentContext } from './context.js';
import {
  groupState,
  missingGroup,
  readGroupAddress,
  type GroupAddress,
} from './group-addresses.js';

const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';

export async function listGroupAddresses(ctx: EnvironmentContext): Promise<GroupAddress[]> {
  const ids = planIds(ctx.spec);
  const collection = `${ids.resourceGroup}/providers/${GROUP_TYPE}`;
  const listed = (await ctx.apply.store.list(collection, apiVersionOf(GROUP_TYPE))) ?? [];
  const byId = new Map(listed.map((g): [string, ArmResource] => [(g.id ?? '').toLowerCase(), g]));
  return Promise.all(
    containerGroupRoles(ctx.spec, ids).map(async (role) => {
      const group = byId.get(role.id.toLowerCase());
      if (!group) return missingGroup(role);
      const state = groupState(group);
      return state.ip ? { role, ...state } : readGroupAddress(ctx, role);
    }),
  );
}
