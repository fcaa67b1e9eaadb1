// Starts or signals an environment's reconcile instance, for an Event Grid event or the timer.
import type { DurableClient } from 'durable-functions';
import {
  instanceIdOf,
  isActive,
  lastDeployedSpec,
  statusOrUndefined,
} from '../environments/index.js';
import {
  CHANGED_EVENT,
  RECONCILE_ORCHESTRATOR,
  type ReconcileInput,
} from './reconcile.orchestrator.js';

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'raiseEvent'>;

export type ReconcileRequest =
  { outcome: 'started' | 'signalled'; instanceId: string } | { outcome: 'skipped'; reason: string };

/**
 * Asks for a reconcile of one environment: start its reconcile instance, or tell the running one
 * that something changed again. The spec is the one its last deployment ran with. While a
 * deployment runs, its own stages write DNS and the gateway, so no reconcile is started then.
 * `refuses` looks at that spec first: a reason it gives skips the reconcile (an event about another
 * subscription or resource group than the environment's).
 */
export async function requestReconcile(
  client: Client,
  environment: string,
  reason: string,
  coalesceSeconds: number,
  refuses?: (spec: unknown) => string | undefined,
): Promise<ReconcileRequest> {
  const deployed = await lastDeployedSpec(client, environment);
  if ('skipped' in deployed) return { outcome: 'skipped', reason: deployed.skipped };
  const spec = deployed.spec;
  const refusal = refuses?.(spec);
  if (refusal) return { outcome: 'skipped', reason: refusal };
  const instanceId = instanceIdOf('reconcile', environment);
  const current = await statusOrUndefined(client, instanceId);
  if (current && isActive(current.runtimeStatus)) {
    await client.raiseEvent(instanceId, CHANGED_EVENT, reason);
    // An instance that finished in between drops the event: then start a new one.
    const after = await statusOrUndefined(client, instanceId);
    if (after && isActive(after.runtimeStatus)) return { outcome: 'signalled', instanceId };
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
