// The whole status from what was read: environments sorted, polling faster while anything runs.
import type { EnvironmentView, StatusData } from './types.js';

/** While a deployment, reconcile or renewal runs, the page asks every few seconds. */
export const ACTIVE_POLL_SECONDS = 3;
/** Otherwise rarely: nothing changes but through a workflow or a container group's restart. */
export const IDLE_POLL_SECONDS = 15;

export function isEnvironmentActive(environment: EnvironmentView): boolean {
  return (
    Boolean(environment.deployment?.active) ||
    environment.events.some((e) => ['Running', 'Pending'].includes(e.runtimeStatus))
  );
}

export function statusData(environments: readonly EnvironmentView[], now: Date): StatusData {
  const active = environments.some(isEnvironmentActive);
  return {
    generatedAt: now.toISOString(),
    active,
    pollSeconds: active ? ACTIVE_POLL_SECONDS : IDLE_POLL_SECONDS,
    environments: [...environments].sort((a, b) => a.name.localeCompare(b.name)),
  };
}
