// The renewal workflow's one activity: renew the environment's certificate when it is due.
import { ensureEnvironmentCertificate } from '../certs/environment-certificate.js';
import { environmentContext } from '../environments/index.js';
import { RENEWAL_RETRY } from '../retry-policies.js';
import { defineActivity, notReady } from '../workflows/activity.js';

export interface RenewalCheck {
  action: 'kept' | 'issued';
  message: string;
  notAfter: string;
  version: string;
}

/**
 * Renews the environment's certificate when it is due (the same checks as at deployment): a new
 * version merged into Key Vault, which the sidecars and the gateway pick up by themselves. Not
 * ready while Key Vault refuses this app because a deployment has just granted its roles.
 */
export const renewCertificateActivity = defineActivity<{ spec: unknown }, RenewalCheck>({
  name: 'renewCertificateIfDue',
  retry: RENEWAL_RETRY,
  run: async (services, input) => {
    const ctx = environmentContext(services, input.spec, 'renewal');
    const outcome = await ensureEnvironmentCertificate(ctx);
    if (outcome.action === 'awaiting-access') {
      ctx.log(`waiting: ${outcome.message}`);
      return notReady(outcome.message);
    }
    return {
      action: outcome.action,
      message: outcome.message,
      notAfter: outcome.certificate.notAfter.toISOString(),
      version: outcome.certificate.version,
    };
  },
});
