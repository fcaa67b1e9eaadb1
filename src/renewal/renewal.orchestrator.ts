// The renewal orchestrator: keeps one environment's certificate valid, without restarting anything.
import type { OrchestrationContext, Task } from 'durable-functions';
import { notify, notifyActivity } from '../notifications/index.js';
import { callActivity } from '../workflows/activity.js';
import type { Workflow } from '../workflows/workflow.js';
import { renewCertificateActivity, type RenewalCheck } from './renewal.activities.js';
import {
  certificateRenewedNotification,
  renewalFailedNotification,
} from './renewal-notification.js';

export const RENEWAL_ORCHESTRATOR = 'renewCertificate';

export interface RenewalInput {
  environment: string;
  spec: unknown;
}

export interface RenewalResult {
  action: RenewalCheck['action'];
  notAfter: string;
  version: string;
}

/**
 * Keeps an environment's certificate valid:
 * 1. renew it when the renewal checks say it is due (RENEWAL_RETRY): Key Vault makes a new key and
 *    CSR, ACME DNS-01 signs it, the chain is merged as a new version of the certificate;
 * 2. announce a new version, or a failure before failing (src/notifications: bounded, never
 *    changing the outcome); a certificate kept as it is announces nothing.
 * Nothing restarts: each sidecar reads the new version within its check interval (1 h) and
 * reloads nginx without dropping a connection, and Application Gateway follows the version-less
 * secret id within four hours (articles/application-gateway/key-vault-certs.md). The renewal
 * window (`renewBeforeDays`, at least one day) is many times the slower of the two.
 */
export function* renewalOrchestrator(
  context: OrchestrationContext,
): Generator<Task, RenewalResult, unknown> {
  const input = context.df.getInput<RenewalInput>();
  const at = () => context.df.currentUtcDateTime.toISOString();
  let check: RenewalCheck;
  try {
    check = yield* callActivity(
      context,
      renewCertificateActivity,
      { spec: input.spec },
      { environment: input.environment },
    );
  } catch (error) {
    yield* notify(context, renewalFailedNotification(input.environment, input.spec, error, at()));
    throw error;
  }
  context.df.setCustomStatus({
    certificate: check.action,
    message: check.message,
    notAfter: check.notAfter,
  });
  if (check.action === 'issued')
    yield* notify(
      context,
      certificateRenewedNotification(input.environment, input.spec, check, at()),
    );
  return { action: check.action, notAfter: check.notAfter, version: check.version };
}

export const renewalWorkflow: Workflow = {
  orchestrator: RENEWAL_ORCHESTRATOR,
  run: renewalOrchestrator,
  activities: [renewCertificateActivity, notifyActivity],
};
