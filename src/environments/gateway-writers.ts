/**
 * The two workflows that write an environment's gateway never do it at the same time. Each is a
 * singleton per environment (Durable instance ids `environment-<name>` and `reconcile-<name>`,
 * articles/azure-functions/durable/durable-functions-singletons.md), so "is the other one
 * running?" is one status read, and the rule is asymmetric so that one of them always proceeds:
 *
 * - the deployment has priority: a reconcile pass that finds the environment's deployment
 *   running writes nothing (the deployment writes the records and the gateway itself, and the
 *   starter does not even start a reconcile while it runs, request-reconcile.ts);
 * - the deployment's gateway stage waits ("not ready", Durable timers) while the reconcile
 *   instance runs, so a pass that was writing when the deployment started finishes first.
 *
 * Each side's own instance is Pending or Running from `startNew` on ("Pending: The instance has
 * been scheduled but has not yet started running", durable-functions-instance-management.md) and
 * until its orchestrator returns, which is after every activity it scheduled has answered; each
 * checks the other only after its own has started. So whichever checks second sees the first
 * (the two-flag argument of Dekker's mutual exclusion): they cannot both find the other idle.
 * The singleton page warns that two clients running check-and-start at once may both think they
 * started one instance; that race is about one id and is not what this relies on. What it does
 * rely on, inferred: `getStatus` reads what `startNew` wrote (the task hub's instance store).
 * ARM is the second line: every write is If-Match and waits while the gateway is Updating
 * (gateway-writer.ts).
 */

import type { DurableClient } from 'durable-functions';
import type { InstanceStatuses } from '../services.js';
import { instanceIdOf, isActive, statusOrUndefined, type InstanceRole } from './instances.js';

/** What an activity reads of the Durable instances, from the client binding the host gives it. */
export function instanceStatuses(client: Pick<DurableClient, 'getStatus'>): InstanceStatuses {
  return async (instanceId) => {
    const status = await statusOrUndefined(client, instanceId);
    return status ? String(status.runtimeStatus) : undefined;
  };
}

/**
 * The instance id of the other gateway writer of `environment` when it runs now, else undefined.
 * Without a view of the instances (outside a Functions host) there is no other workflow.
 */
export async function runningWriter(
  instances: InstanceStatuses | undefined,
  other: Extract<InstanceRole, 'deployment' | 'reconcile'>,
  environment: string,
): Promise<string | undefined> {
  if (!instances) return undefined;
  const id = instanceIdOf(other, environment);
  return isActive(await instances(id)) ? id : undefined;
}
