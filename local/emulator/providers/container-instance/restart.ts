// A container group restart (POST .../restart) as the app sees it from outside, in three steps:
//
// 1. At once: ACI stops the containers and schedules the group again; the group reports no IP,
//    state `Pending` and its containers `Waiting`. ("Pending: The container group is waiting to
//    initialize" and "Waiting: The container is waiting to run", container-state.md; provisioning
//    states during "POST (start/restart)": "Pending", then "Creating: ... getting ingress IP
//    address", same page.)
// 2. A few seconds later the ARM operation completes and ARM raises
//    `Microsoft.Resources.ResourceActionSuccess` ("Raised when action on resource succeeds",
//    articles/event-grid/event-schema-resource-groups.md; "The eventual success and failure of a
//    resource action will be reported by ResourceActionSuccess", Azure/azure-rest-api-specs#7023).
//    Inferred, and the strict case for the app: the group still has no IP and is still `Pending`.
//    No page says the restart's operation waits for the IP; a GET with provisioningState
//    `Succeeded` and no IP is reported in MicrosoftDocs/azure-docs#56250, and container-state.md
//    warns "users should not create dependencies on non-terminal provisioning states".
// 3. About a minute after the POST (time-scaled) the containers run and the group has an IP, a
//    new one unless the emulator is told otherwise ("If your container group is configured with an
//    IP address, that IP address can change when the container group is restarted",
//    includes/container-instances-restart-ip.md). No ARM operation, so no event.
//
// Step 3 is an internal operation of the emulator's engine (never exposed as an ARM operation):
// stopping, deleting, re-PUTting or restarting the group again cancels it.
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { recordBackendHealth } from '../network/application-gateways.js';
import { markPending, markRunning } from './instance-view.js';
import { OPERATION_LATENCIES } from '../../arm/latencies.js';

const TYPE = 'Microsoft.ContainerInstance/containerGroups';

/** The internal operation that brings a restarted group up; a test may hold it to widen the window. */
export const RESTART_STARTUP_OPERATION = `${TYPE}/restart/startup`;

/** When the restart's ARM operation completes (and the event is raised), after the POST. */
export const RESTART_OPERATION_MS = OPERATION_LATENCIES.containerGroupRestartOperation.ms;

/**
 * When a restarted group has its IP and runs again, after the POST. Inferred: container groups in
 * a VNet take one to three minutes to start (the docs only say "deployments to a virtual network
 * are typically slower", container-instances-virtual-network-concepts.md); one minute, like the
 * emulator's create.
 */
export const RESTART_STARTUP_MS = OPERATION_LATENCIES.containerGroupRestart.ms;

export interface RestartAddressing {
  /** The IP the group had before the restart, kept allocated (but not reported) until step 3. */
  previousIp: string | undefined;
  /** Step 3: give the group its IP back or a new one, and free `previousIp` if it moved. */
  assign: (group: ArmResource, previousIp: string | undefined) => void;
  /** When step 3 never comes: free `previousIp`. */
  release: (previousIp: string | undefined) => void;
}

function hideIp(group: ArmResource): void {
  const address = properties(group).ipAddress as Record<string, unknown> | undefined;
  if (address) delete address.ip;
}

/** Cancels the start-up of a restart in progress (the group is stopped, deleted, re-PUT or restarted again). */
export function cancelStartup(ctx: EmulatorContext, groupId: string): void {
  const id = groupId.toLowerCase();
  for (const op of [...ctx.state.operations.values()]) {
    if (
      op.name === RESTART_STARTUP_OPERATION &&
      op.status === 'InProgress' &&
      op.resourceId.toLowerCase() === id
    ) {
      ctx.cancelOperation(op.id, {
        code: 'Canceled',
        message: `The start-up of container group '${groupId.split('/').at(-1) ?? ''}' was canceled by a later operation on it.`,
      });
    }
  }
}

/** Whether the group is between a restart and its start-up (ACI answers a start with 204 then). */
export function isStarting(ctx: EmulatorContext, groupId: string): boolean {
  const id = groupId.toLowerCase();
  return [...ctx.state.operations.values()].some(
    (op) =>
      op.name === RESTART_STARTUP_OPERATION &&
      op.status === 'InProgress' &&
      op.resourceId.toLowerCase() === id,
  );
}

/**
 * Step 1, and step 3 scheduled: the group goes `Pending` without an IP at once. Returns nothing;
 * the caller starts the ARM operation (step 2).
 */
export function beginRestart(
  ctx: EmulatorContext,
  group: ArmResource,
  addressing: RestartAddressing,
): void {
  cancelStartup(ctx, group.id);
  const { previousIp } = addressing;
  hideIp(group);
  properties(group).provisioningState = 'Pending';
  markPending(ctx, group);
  ctx.startOperation({
    name: RESTART_STARTUP_OPERATION,
    resourceId: group.id,
    durationMs: RESTART_STARTUP_MS * ctx.config.timeScale,
    complete: () => {
      // A group deleted or replaced meanwhile is not this object any more.
      if (getResource(ctx, group.id) !== group) return addressing.release(previousIp);
      addressing.assign(group, previousIp);
      markRunning(ctx, group, true);
      recordBackendHealth(ctx, `${group.name} running after its restart`);
    },
    cancel: () => addressing.release(previousIp),
  });
}

/** Step 2: the ARM operation completed; the group is still starting (see the header). */
export function restartOperationCompleted(group: ArmResource): void {
  properties(group).provisioningState = 'Succeeded';
}
