/**
 * The Durable instances of an environment: one deployment, one reconcile, one renewal and one
 * teardown, each under an id derived from the environment's name, so that two requests for the
 * same environment always meet the same instance.
 */

import type { DurableClient } from 'durable-functions';

const PREFIXES = {
  deployment: 'environment-',
  reconcile: 'reconcile-',
  renewal: 'renew-',
  teardown: 'teardown-',
} as const;

export type InstanceRole = keyof typeof PREFIXES;

export function instanceIdOf(role: InstanceRole, environment: string): string {
  return `${PREFIXES[role]}${environment}`;
}

/** The environment a deployment instance belongs to, or undefined for any other instance. */
export function environmentOfDeployment(instanceId: string): string | undefined {
  return instanceId.startsWith(PREFIXES.deployment)
    ? instanceId.slice(PREFIXES.deployment.length)
    : undefined;
}

const ACTIVE = new Set(['Running', 'Pending', 'ContinuedAsNew']);

/** Whether an instance still runs (or is about to). */
export function isActive(runtimeStatus: unknown): boolean {
  return ACTIVE.has(String(runtimeStatus));
}

/** The instance's status, or undefined when the durable store has never heard of it. */
export async function statusOrUndefined(
  client: Pick<DurableClient, 'getStatus'>,
  instanceId: string,
  showInput = false,
) {
  try {
    const status = await client.getStatus(instanceId, { showInput });
    return status?.instanceId ? status : undefined;
  } catch (error) {
    if (/404/.test(error instanceof Error ? error.message : String(error))) return undefined;
    throw error;
  }
}
