/**
 * Which container groups are restarting: without an IP now, but on their way back to running, so
 * their private A record and backend address are kept until they have their new IP. Pure.
 *
 * Why: Event Grid raises `ResourceActionSuccess` when the restart's ARM operation completes
 * (articles/event-grid/event-schema-resource-groups.md), and nothing says the group has its IP by
 * then; its IP "can change when the container group is restarted"
 * (includes/container-instances-restart-ip.md). State names and meanings:
 * articles/container-instances/container-state.md.
 */

import type { GroupAddress } from './group-addresses.js';

type GroupView = Pick<GroupAddress, 'ip' | 'state' | 'provisioningState' | 'waitingContainers'>;

/**
 * "Dependencies on Succeeded and Failed states are acceptable" (container-state.md): any other
 * provisioning state is an operation still running. `Deleting` is one too, but of a group that is
 * going away, not coming back.
 */
const SETTLED_PROVISIONING = new Set(['succeeded', 'failed']);

/** Instance states of a group that will not get an IP without a user action. */
const AT_REST = new Set(['stopped', 'missing', 'succeeded', 'failed']);

/** Why the group counts as restarting, or undefined when it has an IP or is not coming back by itself. */
export function restartingReason(group: GroupView): string | undefined {
  if (group.ip) return undefined;
  const state = group.state?.toLowerCase();
  const provisioning = group.provisioningState?.toLowerCase();
  if (state !== undefined && AT_REST.has(state)) return undefined;
  if (provisioning === 'deleting') return undefined;
  const signs = [
    // "Pending: The container group is waiting to initialize ... The container continues to
    // attempt to get to the Running state unless a user action (stop/delete) happens."
    ...(state === 'pending' ? ['state Pending'] : []),
    ...(provisioning !== undefined && !SETTLED_PROVISIONING.has(provisioning)
      ? [`provisioning ${group.provisioningState}`]
      : []),
    // "Waiting: The container is waiting to run."
    ...(group.waitingContainers.length > 0
      ? [`waiting: ${group.waitingContainers.join(', ')}`]
      : []),
  ];
  return signs.length > 0 ? `no IP yet (${signs.join('; ')})` : undefined;
}

/** The restarting groups among `addresses`, each as `<record name>: <reason>`. */
export function restartingGroups(
  addresses: readonly (GroupView & { role: { recordName: string } })[],
): string[] {
  return addresses.flatMap((a) => {
    const reason = restartingReason(a);
    return reason ? [`${a.role.recordName}: ${reason}`] : [];
  });
}
