// The rolling change's decisions, from what was read: may a group go out of service, did it come
// back, how long to drain. Pure; roll-forward.ts reads and writes around them.
import type { BackendServerHealth } from '../../azure/gateway.js';
import { isRunning, type GroupAddress } from '../../environments/index.js';
import { notReadyIntervalMs } from '../../retry-policies.js';

/** The gateway's backend pools as it holds them: pool name → IP addresses. */
export type Pools = Readonly<Record<string, readonly string[]>>;

export interface RollView {
  /** The group about to be changed, or just changed. */
  target: GroupAddress;
  /** Every container group of the environment, the target included. */
  addresses: readonly GroupAddress[];
  pools: Pools;
  health: readonly BackendServerHealth[];
}

export type BeforeCheck =
  | { action: 'take-out' }
  /** `addOthers`: some other group runs but is not in the pool yet; write the pools first. */
  | { action: 'wait'; reason: string; addOthers: boolean };

export type AfterCheck = { action: 'put-back' } | { action: 'wait' | 'fail'; reason: string };

/** Whether the gateway's probes find `ip` Healthy in `pool`. */
export function isHealthy(
  health: readonly BackendServerHealth[],
  pool: string,
  ip: string | undefined,
): boolean {
  return health.some((h) => h.pool === pool && h.address === ip && h.health === 'Healthy');
}

/** Whether the gateway sends the group requests now: its IP in its pool, and Healthy there. */
export function serves(group: GroupAddress, pools: Pools, health: readonly BackendServerHealth[]) {
  const pool = group.role.routes;
  return (
    group.ip !== undefined &&
    (pools[pool] ?? []).includes(group.ip) &&
    isHealthy(health, pool, group.ip)
  );
}

const names = (groups: readonly GroupAddress[]) => groups.map((g) => g.role.name).join(', ');

/**
 * Before a group goes out of service: when it serves, every other group of its pool must run, be
 * in the pool and be Healthy, so that the pool never holds fewer than N−1 healthy backends. A
 * group that does not serve (not in the pool, or not Healthy) takes nothing away: it goes at once.
 */
export function beforeDisruption(view: RollView): BeforeCheck {
  const { target, pools, health } = view;
  if (!serves(target, pools, health)) return { action: 'take-out' };
  const pool = target.role.routes;
  const others = view.addresses.filter(
    (a) => a.role.routes === pool && a.role.id !== target.role.id,
  );
  const wait = (reason: string, addOthers = false): BeforeCheck => ({
    action: 'wait',
    reason: `${reason}; ${target.role.name} stays in pool ${pool} until then`,
    addOthers,
  });
  const stopped = others.filter((o) => !isRunning(o));
  if (stopped.length > 0)
    return wait(
      `waiting for ${stopped.map((o) => `${o.role.name} (${o.state ?? 'no state'}${o.ip ? '' : ', no IP'})`).join(', ')} to run`,
    );
  const outside = others.filter((o) => !(pools[pool] ?? []).includes(o.ip ?? ''));
  if (outside.length > 0) return wait(`adding ${names(outside)} to pool ${pool} first`, true);
  const unhealthy = others.filter((o) => !isHealthy(health, pool, o.ip));
  if (unhealthy.length > 0)
    return wait(`waiting for the gateway's probes to find ${names(unhealthy)} Healthy`);
  return { action: 'take-out' };
}

/** States of a group that will not run again without a user action (container-state.md). */
const AT_REST = new Set(['failed', 'stopped', 'succeeded', 'missing']);

/**
 * After the change: the group must run with an IP before it goes back into its pool. One at rest
 * (Failed, Stopped, …), or whose operation failed, stops the roll naming it.
 */
export function afterDisruption(target: GroupAddress): AfterCheck {
  const state = target.state?.toLowerCase();
  const provisioning = target.provisioningState?.toLowerCase();
  const name = target.role.name;
  if (provisioning === 'failed' || (state !== undefined && AT_REST.has(state)))
    return {
      action: 'fail',
      reason: `container group ${name} did not come back after its change: state ${target.state ?? 'unknown'}, provisioning ${target.provisioningState ?? 'unknown'}. The roll stopped here; the other groups keep serving. Read its events (az container show --name ${name}) and deploy again once fixed`,
    };
  if (!isRunning(target))
    return {
      action: 'wait',
      reason: `waiting for ${name} to run with an IP after its change (state ${target.state ?? 'unknown'}${target.ip ? '' : ', no IP'})`,
    };
  return { action: 'put-back' };
}

/**
 * How long the gateway keeps serving the open connections of a removed backend: the longest
 * `connectionDraining.drainTimeoutInSec` of its enabled backend settings; none without draining.
 */
export function drainTimeoutMs(gatewayBody: { properties?: unknown }): number {
  const settings = (
    gatewayBody.properties as
      | {
          backendHttpSettingsCollection?: {
            properties?: { connectionDraining?: { enabled?: boolean; drainTimeoutInSec?: number } };
          }[];
        }
      | undefined
  )?.backendHttpSettingsCollection;
  const seconds = (settings ?? []).map((s) => {
    const draining = s.properties?.connectionDraining;
    return draining?.enabled ? (draining.drainTimeoutInSec ?? 0) : 0;
  });
  return Math.max(0, ...seconds) * 1000;
}

/**
 * An Azure duration as this run waits it: itself in Azure; scaled like the not-ready interval
 * (retry-policies.ts `notReadyIntervalMs`) when a local run sets a poll interval, because the
 * emulator's time is scaled.
 */
export function scaledWaitMs(azureMs: number, pollIntervalMs: number | undefined): number {
  if (pollIntervalMs === undefined) return azureMs;
  return Math.round((azureMs * notReadyIntervalMs(pollIntervalMs)) / notReadyIntervalMs(undefined));
}
