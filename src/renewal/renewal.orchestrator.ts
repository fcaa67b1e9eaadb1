// The Durable orchestrator that renews an environment's certificate and rolls it out to the groups.
import type { OrchestrationContext, Task } from 'durable-functions';
import { callActivity } from '../workflows/activity.js';
import type { Workflow } from '../workflows/workflow.js';
import {
  groupRunningActivity,
  renewCertificateActivity,
  restartGroupActivity,
  type RenewalCheck,
} from './renewal.activities.js';

export const RENEWAL_ORCHESTRATOR = 'renewCertificate';

export interface RenewalInput {
  environment: string;
  spec: unknown;
}

export interface RenewalResult {
  action: RenewalCheck['action'];
  notAfter: string;
  restarted: string[];
}

/**
 * Keeps an environment's certificate valid (every activity with RENEWAL_RETRY):
 * 1. renew it when the renewal checks say it is due (ACME DNS-01, import into Key Vault);
 * 2. when a new version was imported, restart the container groups one at a time, each waited
 *    for with Durable timers (NOT_READY_WAIT) until it runs again, so the app never loses every
 *    backend at once. The gateway follows the version-less secret id by itself.
 */
export function* renewalOrchestrator(
  context: OrchestrationContext,
): Generator<Task, RenewalResult, unknown> {
  const input = context.df.getInput<RenewalInput>();
  const check = yield* callActivity(context, renewCertificateActivity, { spec: input.spec });
  context.df.setCustomStatus({
    certificate: check.action,
    message: check.message,
    notAfter: check.notAfter,
  });
  const restarted: string[] = [];
  if (check.action === 'issued') {
    for (const groupId of check.groups) {
      yield* callActivity(context, restartGroupActivity, { spec: input.spec, groupId });
      yield* callActivity(context, groupRunningActivity, { spec: input.spec, groupId });
      restarted.push(groupId.split('/').at(-1) ?? groupId);
      context.df.setCustomStatus({
        certificate: check.action,
        notAfter: check.notAfter,
        restarted,
      });
    }
  }
  return { action: check.action, notAfter: check.notAfter, restarted };
}

export const renewalWorkflow: Workflow = {
  orchestrator: RENEWAL_ORCHESTRATOR,
  run: renewalOrchestrator,
  activities: [renewCertificateActivity, restartGroupActivity, groupRunningActivity],
};
