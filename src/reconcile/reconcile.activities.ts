// The reconcile workflow's one Durable activity: a reconcile pass with its retry policy.
import { RECONCILE_RETRY } from '../retry-policies.js';
import { defineActivity } from '../workflows/activity.js';
import { reconcileEnvironment, type ReconcileReport } from './reconcile.js';

export interface ReconcileActivityInput {
  spec: unknown;
  /**
   * Answer "not ready" while a group restarts instead of writing the gateway (see
   * ReconcileOptions). Absent in inputs recorded before it existed: those passes wait too.
   */
  waitForRestarts?: boolean;
}

/** One reconcile pass of an environment, from the spec its last deployment ran with. */
export const reconcileActivity = defineActivity<ReconcileActivityInput, ReconcileReport>({
  name: 'reconcile',
  retry: RECONCILE_RETRY,
  run: (services, input) =>
    reconcileEnvironment(services, input.spec, {
      waitForRestarts: input.waitForRestarts ?? true,
    }),
});
