/**
 * What the deployment instance of an environment records for the workflows that keep it alive:
 * the reconciler and the renewal work from the spec its last finished deployment ran with, and
 * leave alone an environment that is being, or has been, torn down (teardown-state.ts).
 */

import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import { environmentOfDeployment, instanceIdOf, isActive, statusOrUndefined } from './instances.js';
import { teardownState, teardownStateOf, tornDownReason } from './teardown-state.js';

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
  const tornDown = tornDownReason(
    environment,
    await teardownState(client, environment, deployment),
  );
  if (tornDown) return { skipped: tornDown };
  const spec = (deployment.input as Partial<DeploymentRecord> | undefined)?.spec;
  return spec ? { spec } : { skipped: `the deployment of ${environment} kept no spec` };
}

/**
 * Every environment this app has deployed and not torn down since, for the periodic reconcile,
 * the renewal timer and the status page.
 */
export async function deployedEnvironments(
  client: Pick<DurableClient, 'getStatusAll'>,
): Promise<string[]> {
  return liveEnvironments(await client.getStatusAll());
}

/** Pure: the environments of the deployment instances among `all`, less the torn-down ones. */
export function liveEnvironments(
  all: readonly Pick<DurableOrchestrationStatus, 'instanceId' | 'runtimeStatus' | 'createdTime'>[],
): string[] {
  const byId = new Map(all.map((s) => [s.instanceId, s]));
  return all
    .flatMap((s) => {
      const environment = environmentOfDeployment(s.instanceId);
      if (!environment) return [];
      const teardown = byId.get(instanceIdOf('teardown', environment));
      return teardownStateOf(environment, teardown, s).kind === 'none' ? [environment] : [];
    })
    .sort();
}
