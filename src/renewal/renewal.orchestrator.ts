import * as df from 'durable-functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { RenewalCheck } from './renewal.activities.js';

export const RENEWAL_ORCHESTRATOR = 'renewCertificate';
export const RENEW_ACTIVITY = 'renewCertificateIfDue';
export const RESTART_ACTIVITY = 'restartContainerGroup';
export const RUNNING_ACTIVITY = 'containerGroupRunning';

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
 * Keeps an environment's certificate valid:
 * 1. renew it when the renewal checks say it is due (ACME DNS-01, import into Key Vault);
 * 2. when a new version was imported, restart the container groups one at a time, each waited
 *    for until it runs again, so the app never loses every backend at once. The gateway follows
 *    the version-less secret id by itself.
 */
export function* renewalOrchestrator(
  context: OrchestrationContext,
): Generator<Task, RenewalResult, unknown> {
  const input = context.df.getInput<RenewalInput>();
  const retry = new df.RetryOptions(10_000, 5);
  retry.backoffCoefficient = 2;
  const check = (yield context.df.callActivityWithRetry(RENEW_ACTIVITY, retry, {
    spec: input.spec,
  })) as RenewalCheck;
  context.df.setCustomStatus({
    certificate: check.action,
    message: check.message,
    notAfter: check.notAfter,
  });
  const restarted: string[] = [];
  if (check.action === 'issued') {
    for (const groupId of check.groups) {
      yield context.df.callActivityWithRetry(RESTART_ACTIVITY, retry, {
        spec: input.spec,
        groupId,
      });
      yield context.df.callActivityWithRetry(RUNNING_ACTIVITY, retry, {
        spec: input.spec,
        groupId,
      });
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
