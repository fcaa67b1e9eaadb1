// The container groups of an environment as every workflow sees them: role, IP and state.
import { containerGroupRoles, planIds, type GroupRole, type PoolAddresses } from '../plan/index.js';
import { AppError } from '../errors.js';
import type { ArmResource } from '../azure/resources.js';
import { readKnown } from './apply.js';
import type { EnvironmentContext } from './context.js';

export interface GroupAddress {
  role: GroupRole;
  /** Undefined while the group has no IP (stopped, or still being created). */
  ip: string | undefined;
  state: string | undefined;
}

/**
 * Reads every container group of the environment and the private IP it has now. A group that
 * does not exist (deleted, or not created yet) has no IP and the state `Missing`.
 */
export async function readGroupAddresses(ctx: EnvironmentContext): Promise<GroupAddress[]> {
  const roles = containerGroupRoles(ctx.spec, planIds(ctx.spec));
  return Promise.all(
    roles.map(async (role) => {
      const group = await readKnown(ctx.apply, role.id).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'DependencyMissing') return undefined;
        throw error;
      });
      if (!group) return { role, ip: undefined, state: 'Missing' };
      return { role, ...groupState(group) };
    }),
  );
}

/** The private IP and instance state a container group reports in its GET response. */
export function groupState(group: ArmResource | undefined): {
  ip: string | undefined;
  state: string | undefined;
} {
  const properties = group?.properties as
    { ipAddress?: { ip?: string }; instanceView?: { state?: string } } | undefined;
  return { ip: properties?.ipAddress?.ip, state: properties?.instanceView?.state };
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
