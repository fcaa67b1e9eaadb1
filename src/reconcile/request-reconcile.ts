import type { DurableClient } from 'durable-functions';
import { instanceIdOf, statusOrUndefined } from '../provisioning/environments-api.js';
import type { DeployInput } from '../provisioning/types.js';
import {
  CHANGED_EVENT,
  RECONCILE_ORCHESTRATOR,
  type ReconcileInput,
} from './reconcile.orchestrator.js';

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'raiseEvent' | 'getStatusAll'>;

export type ReconcileRequest =
  { outcome: 'started' | 'signalled'; instanceId: string } | { outcome: 'skipped'; reason: string };

const ACTIVE = new Set(['Running', 'Pending', 'ContinuedAsNew']);

export function reconcileInstanceId(environment: string): string {
  return `reconcile-${environment}`;
}

/**
 * Asks for a reconcile of one environment: start its reconcile instance, or tell the running one
 * that something changed again. The spec is the one its last deployment ran with. While a
 * deployment runs, its own stages write DNS and the gateway, so no reconcile is started then.
 */
export async function requestReconcile(
  client: Client,
  environment: string,
  reason: string,
  coalesceSeconds: number,
): Promise<ReconcileRequest> {
  const deployment = await statusOrUndefined(client, instanceIdOf(environment), true);
  if (!deployment)
    return {
      outcome: 'skipped',
      reason: `environment ${environment} was never deployed by this app`,
    };
  if (ACTIVE.has(String(deployment.runtimeStatus)))
    return { outcome: 'skipped', reason: `environment ${environment} is being deployed` };
  const spec = (deployment.input as DeployInput | undefined)?.spec;
  if (!spec) return { outcome: 'skipped', reason: `the deployment of ${environment} kept no spec` };
  const instanceId = reconcileInstanceId(environment);
  const current = await statusOrUndefined(client, instanceId);
  if (current && ACTIVE.has(String(current.runtimeStatus))) {
    await client.raiseEvent(instanceId, CHANGED_EVENT, reason);
    // An instance that finished in between drops the event: then start a new one.
    const after = await statusOrUndefined(client, instanceId);
    if (after && ACTIVE.has(String(after.runtimeStatus)))
      return { outcome: 'signalled', instanceId };
  }
  const input: ReconcileInput = { environment, spec, coalesceSeconds, reason };
  try {
    await client.startNew(RECONCILE_ORCHESTRATOR, { instanceId, input });
    return { outcome: 'started', instanceId };
  } catch (error) {
    // Another event started it a moment ago: tell that one instead.
    await client.raiseEvent(instanceId, CHANGED_EVENT, reason).catch(() => {
      throw error;
    });
    return { outcome: 'signalled', instanceId };
  }
}

/** Every environment this app has deployed, for the periodic reconcile. */
export async function deployedEnvironments(client: Client): Promise<string[]> {
  const all = await client.getStatusAll();
  return all
    .map((s) => s.instanceId)
    .filter((id) => id.startsWith('environment-'))
    .map((id) => id.slice('environment-'.length))
    .sort();
}
