/**
 * Whether an environment is being, or has been, torn down, read from its Durable instances: the
 * teardown instance (`teardown-<name>`) marks it, and a deployment that started after the
 * teardown and succeeded revives it. The workflows that keep an environment alive (reconcile,
 * renewal, the status page) leave a torn-down environment alone; a deployment is refused while a
 * teardown runs.
 */

import type { DurableClient } from 'durable-functions';
import { instanceIdOf, isActive, statusOrUndefined } from './instances.js';

/** What the state is read from: an instance's status and when it was created. */
export interface InstanceTimes {
  readonly runtimeStatus: unknown;
  readonly createdTime: Date | string;
}

export type TeardownState =
  /** Never torn down, or deployed again (successfully) since. */
  | { kind: 'none' }
  | { kind: 'running'; instanceId: string }
  /**
   * Torn down (or a teardown ended without finishing: the environment is partly gone);
   * `deployedSince`: a deployment started after it, and has not succeeded (yet).
   */
  | { kind: 'torn-down'; instanceId: string; runtimeStatus: string; deployedSince: boolean };

const time = (value: Date | string) => new Date(value).getTime();

/**
 * Pure: the state from the teardown instance and the deployment instance of one environment. A
 * deployment created after the teardown revives the environment only once it has succeeded: a
 * failed one leaves it as partly gone as before, and a running one is skipped by the workflows
 * anyway (deployed.ts).
 */
export function teardownStateOf(
  environment: string,
  teardown: InstanceTimes | undefined,
  deployment: InstanceTimes | undefined,
): TeardownState {
  if (!teardown) return { kind: 'none' };
  const instanceId = instanceIdOf('teardown', environment);
  if (isActive(teardown.runtimeStatus)) return { kind: 'running', instanceId };
  const since = deployedSince(teardown, deployment);
  if (since && String(deployment?.runtimeStatus) === 'Completed') return { kind: 'none' };
  return {
    kind: 'torn-down',
    instanceId,
    runtimeStatus: String(teardown.runtimeStatus),
    deployedSince: since,
  };
}

/** Whether a deployment was started after the teardown (whatever became of it). */
export function deployedSince(
  teardown: InstanceTimes,
  deployment: InstanceTimes | undefined,
): boolean {
  return deployment !== undefined && time(deployment.createdTime) > time(teardown.createdTime);
}

/** The environment's teardown state, read from the durable store. */
export async function teardownState(
  client: Pick<DurableClient, 'getStatus'>,
  environment: string,
  deployment?: InstanceTimes,
): Promise<TeardownState> {
  const teardown = await statusOrUndefined(client, instanceIdOf('teardown', environment));
  if (!teardown) return { kind: 'none' };
  const deployed =
    deployment ?? (await statusOrUndefined(client, instanceIdOf('deployment', environment)));
  return teardownStateOf(environment, teardown, deployed);
}

/** Why a workflow leaves the environment alone, or undefined when it is not torn down. */
export function tornDownReason(environment: string, state: TeardownState): string | undefined {
  if (state.kind === 'running') return `environment ${environment} is being torn down`;
  if (state.kind === 'torn-down')
    return `environment ${environment} was torn down (${state.instanceId} ${state.runtimeStatus}); deploy it again to bring it back`;
  return undefined;
}
