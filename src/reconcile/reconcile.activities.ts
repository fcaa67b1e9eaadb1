// The reconcile workflow's one Durable activity: a reconcile pass with its retry policy.
import { RECONCILE_RETRY } from '../retry-policies.js';
import { defineActivity } from '../workflows/activity.js';
import { reconcileEnvironment, type ReconcileReport } from './reconcile.js';

/** One reconcile pass of an environment, from the spec its last deployment ran with. */
export const reconcileActivity = defineActivity<{ spec: unknown }, ReconcileReport>({
  name: 'reconcile',
  retry: RECONCILE_RETRY,
  run: (services, input) => reconcileEnvironment(services, input.spec),
});
