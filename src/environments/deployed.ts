/**
 * What the deployment instance of an environment records for the workflows that keep it alive:
 * the reconciler and the renewal work from the spec its last finished deployment ran with.
 */

import type { DurableClient } from 'durable-functions';
import { environmentOfDeployment, instanceIdOf, isActive, statusOrUndefined } from './instances.js';

/** The part of a deployment's input that the other workflows read back. */
export interface DeploymentRecord {
  environment: string;
  /** The spec as the user posted it. */
  spec: unknown;
}

/** The spec of the environment's last finished deployment, or why there is none to work from. */
export async function lastDeployedSpec(
  client: Pick<DurableClient, 'getStatus'>,
  environment: string,
): Promise<{ spec: unknown } | { skipped: string }> {
  const deployment = await statusOrUndefined(client, instanceIdOf('deployment', environment), true);
  if (!deployment) return { skipped: `environment ${environment} was never deployed by this app` };
  if (isActive(deployment.runtimeStatus))
    return { skipped: `environment ${environment} is being deployed` };
  const spec = (deployment.input as Partial<DeploymentRecord> | undefined)?.spec;
  return spec ? { spec } : { skipped: `the deployment of ${environment} kept no spec` };
}

/** Every environment this app has deployed, for the periodic reconcile and the renewal timer. */
export async function deployedEnvironments(
  client: Pick<DurableClient, 'getStatusAll'>,
): Promise<string[]> {
  const all = await client.getStatusAll();
  return all
    .flatMap((s) => {
      const environment = environmentOfDeployment(s.instanceId);
      return environment ? [environment] : [];
    })
    .sort();
}
