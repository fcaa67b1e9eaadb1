// The container groups of an environment as every workflow sees them: role, IP and state.
import { containerGroupRoles, planIds, type GroupRole, type PoolAddresses } from '../plan/index.js';
import { AppError } from '../errors.js';
import type { ArmResource } from '../azure/resources.js';
import { readKnown } from './apply.js';
import type { EnvironmentContext } from './context.js';

export interface GroupAddress {
  role: GroupRole;
  /** Undefined while the group has no IP (stopped, restarting, or still being created). */
  ip: string | undefined;
  /** `properties.instanceView.state`: Running, Pending, Stopped, ...; `Missing` when there is no group. */
  state: string | undefined;
  /** `properties.provisioningState`: the state of the last operation on the group (PUT, start, restart, stop, delete). */
  provisioningState: string | undefined;
  /** Containers, init containers included, whose current state is `Waiting`. */
  waitingContainers: string[];
}

export type GroupState = Omit<GroupAddress, 'role'>;

/**
 * Reads every container group of the environment and the private IP it has now. A group that
 * does not exist (deleted, or not created yet) has no IP and the state `Missing`. `fresh` reads
 * again the groups this activity has already read.
 */
export async function readGroupAddresses(
  ctx: EnvironmentContext,
  options: { fresh?: boolean } = {},
): Promise<GroupAddress[]> {
  const roles = containerGroupRoles(ctx.spec, planIds(ctx.spec));
  return Promise.all(roles.map((role) => readGroupAddress(ctx, role, options)));
}

/** One group by its GET (see readGroupAddresses). */
export async function readGroupAddress(
  ctx: EnvironmentContext,
  role: GroupRole,
  options: { fresh?: boolean } = {},
): Promise<GroupAddress> {
  if (options.fresh) ctx.apply.known.delete(role.id.toLowerCase());
  const group = await readKnown(ctx.apply, role.id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'DependencyMissing') return undefined;
    throw error;
  });
  return group ? { role, ...groupState(group) } : missingGroup(role);
}

/** A group that does not exist (deleted, or not created yet). */
export function missingGroup(role: GroupRole): GroupAddress {
  return {
    role,
    ip: undefined,
    state: 'Missing',
    provisioningState: undefined,
    waitingContainers: [],
  };
}

/**
 * The private IP and states a container group reports in its GET response. State names:
 * https://learn.microsoft.com/azure/container-instances/container-state
 */
export function groupState(group: ArmResource | undefined): GroupState {
  const properties = group?.properties as
    | {
        ipAddress?: { ip?: string };
        instanceView?: { state?: string };
        provisioningState?: string;
        initContainers?: ContainerView[];
        containers?: ContainerView[];
      }
    | undefined;
  const containers = [...(properties?.initContainers ?? []), ...(properties?.containers ?? [])];
  return {
    ip: properties?.ipAddress?.ip,
    state: properties?.instanceView?.state,
    provisioningState: properties?.provisioningState,
    waitingContainers: containers
      .filter((c) => c.properties?.instanceView?.currentState?.state === 'Waiting')
      .map((c) => c.name ?? '(unnamed)'),
  };
}

interface ContainerView {
  name?: string;
  properties?: { instanceView?: { currentState?: { state?: string } } };
}

/** Running with an IP (a group without an instance view yet counts by its IP alone). */
export function isRunning(group: { ip: string | undefined; state: string | undefined }): boolean {
  return Boolean(group.ip) && (group.state === undefined || group.state === 'Running');
}

export function ipsByGroupId(addresses: readonly GroupAddress[]): Map<string, string> {
  return new Map(
    addresses.flatMap((a) => (a.ip ? [[a.role.id.toLowerCase(), a.ip] as const] : [])),
  );
}

export function poolAddresses(addresses: readonly GroupAddress[]): PoolAddresses {
  const ips = (routes: GroupRole['routes']) =>
    addresses.filter((a) => a.role.routes === routes && a.ip).map((a) => a.ip as string);
  return { app: ips('app'), dashboard: ips('dashboard') };
}
