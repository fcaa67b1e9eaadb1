// The address of a container group that is deleted and created again under the same name.
//
// "When you delete a container group and recreate it, it's not "redeployed," but created new. …
// The IP address of the container might also change due to being deployed to a different
// underlying host." (articles/container-instances/container-instances-update.md, "Properties
// that require container delete"). The emulator takes the strict case under the policy that
// already decides whether a restart moves a group (`restartIp`, default `always`): the new group
// gets an address other than the one its predecessor had, while another is free. Inferred: no
// page says how often it changes.
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';

/**
 * The last address of each deleted group, by lower-cased id. Keyed by the state's address
 * allocations, so an emulator reset (which replaces them) forgets these too.
 */
const lastAddresses = new WeakMap<object, Map<string, string>>();

function addresses(ctx: EmulatorContext): Map<string, string> {
  let map = lastAddresses.get(ctx.state.ipAllocations);
  if (!map) {
    map = new Map();
    lastAddresses.set(ctx.state.ipAllocations, map);
  }
  return map;
}

/** Called as a group is deleted, before its address goes back to the subnet. */
export function rememberAddress(ctx: EmulatorContext, group: ArmResource, ip: string | undefined) {
  if (ip) addresses(ctx).set(group.id.toLowerCase(), ip);
}

/** The address the group's deleted predecessor had, forgotten once asked for. */
export function takePreviousAddress(ctx: EmulatorContext, groupId: string): string | undefined {
  const id = groupId.toLowerCase();
  const ip = addresses(ctx).get(id);
  addresses(ctx).delete(id);
  return ip;
}
