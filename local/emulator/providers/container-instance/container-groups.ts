// Container groups (Microsoft.ContainerInstance/containerGroups): VNet injection through `subnetIds`
// (the subnet must be delegated to ACI), a private IP from the subnet, an instance view with init
// containers first, and the restart / stop / start actions (a restart's timeline: restart.ts). A
// PUT on an existing group fails when it changes what ACI cannot update in place
// (in-place-update.ts); a group created again after a delete may get another IP
// (recreated-address.ts). A `restartPolicy: Never` group's containers run once and terminate with
// an exit code and a log (run-once.ts, container-logs.ts). A DELETE is a long-running operation
// (arm/generic-write.ts): the group is `Deleting`, keeps its subnet address until the operation
// ends and refuses every other write meanwhile (deleting.ts).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError, errorResponse } from '../../arm/errors.js';
import { acceptedResponse } from '../../arm/lro.js';
import { renderResource } from '../../arm/generic-read.js';
import { getResource, properties } from '../../arm/resource-store.js';
import { releaseIp } from '../network/ip-pool.js';
import { allocateSubnetIp, findSubnet, isDelegatedTo } from '../network/subnets.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, EmuResponse } from '../../core/model.js';
import { refuseWhileDeleting } from './deleting.js';
import { checkInPlaceUpdate } from './in-place-update.js';
import { recordBackendHealth, recordBackendHealthSoon } from '../network/application-gateways.js';
import { markPending, markRunning, markStopped } from './instance-view.js';
import { listedContainerGroup } from './listed-group.js';
import { rememberAddress, takePreviousAddress } from './recreated-address.js';
import { cancelExit, forgetLogs, runsOnce, scheduleExit } from './run-once.js';
import {
  beginRestart,
  cancelStartup,
  isStarting,
  restartOperationCompleted,
  RESTART_OPERATION_MS,
} from './restart.js';
import { OPERATION_LATENCIES, latencyOf } from '../../arm/latencies.js';

const TYPE = 'Microsoft.ContainerInstance/containerGroups';
const ACI_DELEGATION = 'Microsoft.ContainerInstance/containerGroups';

function subnetIdOf(group: ArmResource): string | undefined {
  const ids = properties(group).subnetIds;
  if (!Array.isArray(ids) || ids.length === 0) return undefined;
  const first = ids[0] as { id?: unknown };
  return typeof first.id === 'string' ? first.id : undefined;
}

function ipAddress(group: ArmResource): Record<string, unknown> | undefined {
  const ip = properties(group).ipAddress;
  return ip && typeof ip === 'object' ? (ip as Record<string, unknown>) : undefined;
}

export function currentIp(group: ArmResource): string | undefined {
  const ip = ipAddress(group)?.ip;
  return typeof ip === 'string' ? ip : undefined;
}

function checkSubnet(ctx: EmulatorContext, group: ArmResource, subnetId: string): ArmResource {
  const subnet = findSubnet(ctx, subnetId);
  if (!subnet) {
    throw new ArmError(
      400,
      'SubnetNotFound',
      `The subnet '${subnetId}' of container group '${group.name}' could not be found.`,
    );
  }
  if (!isDelegatedTo(subnet, ACI_DELEGATION)) {
    throw new ArmError(
      400,
      'SubnetMissingRequiredDelegation',
      `Subnet missing required delegation 'Microsoft.ContainerInstance' for container group '${group.name}'.`,
    );
  }
  return subnet;
}

/** Gives the group a (new) private IP from its subnet; the old one is freed afterwards. */
export function assignNewIp(ctx: EmulatorContext, group: ArmResource): void {
  const subnetId = subnetIdOf(group);
  const subnet = subnetId ? findSubnet(ctx, subnetId) : undefined;
  if (!subnetId || !subnet) return;
  const old = currentIp(group);
  const ip = allocateSubnetIp(ctx, subnetId, subnet, group.id);
  if (old) releaseIp(ctx, subnetId, old);
  properties(group).ipAddress = { ...ipAddress(group), type: 'Private', ip };
}

export function releaseGroupIp(ctx: EmulatorContext, group: ArmResource): void {
  const subnetId = subnetIdOf(group);
  const ip = currentIp(group);
  if (subnetId && ip) releaseIp(ctx, subnetId, ip);
  const address = ipAddress(group);
  if (address) delete address.ip;
}

function prepare(
  ctx: EmulatorContext,
  group: ArmResource,
  existing: ArmResource | undefined,
): void {
  if (existing) refuseWhileDeleting(existing);
  // OS type, resources, restart policy, network and zones change only by delete and create.
  if (existing) checkInPlaceUpdate(existing, group);
  // A PUT replaces a group that is still starting after a restart: that start-up never ends.
  if (existing) cancelStartup(ctx, existing.id);
  if (existing) cancelExit(ctx, existing.id);
  // "When you update a container group, all running containers in the group are restarted
  // in-place" (container-instances-update.md): Pending, its containers Waiting, until the PUT's
  // operation completes (the update latency, arm/latencies.ts). Inferred: the states of a restart
  // (restart.ts); the page names none.
  if (existing) markPending(ctx, group);
  recordBackendHealthSoon(ctx, `PUT ${group.name} accepted`);
  const subnetId = subnetIdOf(group);
  if (!subnetId) return;
  checkSubnet(ctx, group, subnetId);
  const keep =
    existing && subnetIdOf(existing)?.toLowerCase() === subnetId.toLowerCase()
      ? currentIp(existing)
      : undefined;
  if (keep) properties(group).ipAddress = { ...ipAddress(group), type: 'Private', ip: keep };
  else {
    if (existing) releaseGroupIp(ctx, existing);
    assignNewIp(ctx, group);
    if (!existing) moveOffPreviousAddress(ctx, group);
  }
}

/** A group created again after a delete lands on another address, by the restart policy (recreated-address.ts). */
function moveOffPreviousAddress(ctx: EmulatorContext, group: ArmResource): void {
  const previous = takePreviousAddress(ctx, group.id);
  if (!previous || currentIp(group) !== previous || !newIpOnRestart(ctx)) return;
  try {
    assignNewIp(ctx, group);
  } catch {
    // No other free address: the group keeps the one it was given.
  }
}

function newIpOnRestart(ctx: EmulatorContext): boolean {
  const policy = ctx.config.restartIp;
  if (policy === 'always') return true;
  if (policy === 'never') return false;
  return ctx.random() < policy;
}

/**
 * A restart keeps the group's IP allocated, but unreported, until its containers run again; then
 * the group gets a new IP (by the `restartIp` policy) or its old one back.
 */
function restartAddressing(ctx: EmulatorContext, group: ArmResource) {
  const subnetId = subnetIdOf(group);
  const release = (ip: string | undefined) => {
    if (subnetId && ip) releaseIp(ctx, subnetId, ip);
  };
  return {
    previousIp: currentIp(group),
    release,
    assign: (restarted: ArmResource, previousIp: string | undefined) => {
      if (previousIp && !newIpOnRestart(ctx)) {
        properties(restarted).ipAddress = {
          ...ipAddress(restarted),
          type: 'Private',
          ip: previousIp,
        };
        return;
      }
      try {
        assignNewIp(ctx, restarted);
      } catch {
        // No other free address: the group comes back on the one it had.
        if (previousIp)
          properties(restarted).ipAddress = { ...ipAddress(restarted), ip: previousIp };
        return;
      }
      release(previousIp);
    },
  };
}

function lroAction(
  ctx: EmulatorContext,
  group: ArmResource,
  action: string,
  durationMs: number,
  apply: () => void,
) {
  return ctx.startOperation({
    name: `${TYPE}/${action}/action`,
    resourceId: group.id,
    durationMs: durationMs * ctx.config.timeScale,
    complete: () => {
      apply();
      ctx.emitResourceEvent({
        kind: 'Action',
        resourceId: group.id,
        operationName: `${TYPE}/${action}/action`,
      });
    },
  });
}

/** The containers run; those of a run-once group exit after a while (run-once.ts). */
function run(ctx: EmulatorContext, group: ArmResource): void {
  markRunning(ctx, group, false);
  if (runsOnce(group)) scheduleExit(ctx, group);
  recordBackendHealth(ctx, `${group.name} running`);
}

export const containerGroups: TypeBehaviour = {
  type: TYPE,
  latency: latencyOf(TYPE),
  prepare,
  listed: listedContainerGroup,
  provisioned: (ctx, group) => run(ctx, group),
  beforeDelete: (ctx, group) => {
    refuseWhileDeleting(group);
    // A group whose delete has begun serves no more (deleting.ts); its IP stays allocated.
    recordBackendHealthSoon(ctx, `DELETE ${group.name} accepted`);
  },
  deleted: (ctx, group) => {
    cancelStartup(ctx, group.id);
    cancelExit(ctx, group.id);
    forgetLogs(ctx, group.id);
    rememberAddress(ctx, group, currentIp(group));
    releaseGroupIp(ctx, group);
    recordBackendHealth(ctx, `${group.name} deleted`);
  },
  actions: {
    restart: (ctx, group, req, path) => {
      refuseWhileDeleting(group);
      beginRestart(ctx, group, restartAddressing(ctx, group));
      recordBackendHealth(ctx, `${group.name} restarting`);
      const op = lroAction(ctx, group, 'restart', RESTART_OPERATION_MS, () =>
        restartOperationCompleted(group),
      );
      return acceptedResponse(ctx, req, path, op, { status: 202 });
    },
    start: (ctx, group, req, path) => {
      refuseWhileDeleting(group);
      // "204: Started - the container group is already running or starting" (ContainerGroups_Start,
      // containerInstance.json 2023-05-01).
      if (isStarting(ctx, group.id)) return { status: 204 };
      const op = lroAction(ctx, group, 'start', OPERATION_LATENCIES.containerGroupStart.ms, () => {
        if (!currentIp(group)) assignNewIp(ctx, group);
        run(ctx, group);
      });
      return acceptedResponse(ctx, req, path, op, { status: 202 });
    },
    stop: (ctx, group) => {
      refuseWhileDeleting(group);
      // Stopping deallocates the group: its IP goes back to the subnet.
      cancelStartup(ctx, group.id);
      cancelExit(ctx, group.id);
      releaseGroupIp(ctx, group);
      markStopped(ctx, group);
      recordBackendHealth(ctx, `${group.name} stopped`);
      ctx.emitResourceEvent({
        kind: 'Action',
        resourceId: group.id,
        operationName: `${TYPE}/stop/action`,
      });
      return { status: 204 };
    },
  },
};

/** A restart initiated by the platform (host move): new IP, no ARM operation, no Event Grid event. */
export function platformRestart(ctx: EmulatorContext, id: string): EmuResponse {
  const group = getResource(ctx, id);
  if (!group || group.type !== TYPE)
    return errorResponse(404, 'ResourceNotFound', `Container group '${id}' was not found.`);
  assignNewIp(ctx, group);
  markRunning(ctx, group, true);
  recordBackendHealth(ctx, `${group.name} restarted by the platform`);
  return { status: 200, body: renderResource(ctx, group, containerGroups) };
}
