// Deployment stage that makes Key Vault hold the environment's LetsEncrypt certificate.
import { ensureEnvironmentCertificate } from '../../certs/environment-certificate.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

/**
 * Makes Key Vault hold a valid certificate for the spec's names (issuing by ACME when needed).
 * Not ready while Key Vault refuses this app because the roles the key-vault stage just granted
 * have not applied yet; the deployment waits for them with Durable timers.
 */
export async function certificateStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const outcome = await ensureEnvironmentCertificate(ctx);
  if (outcome.action === 'awaiting-access') return notReady(outcome.message);
  const c = outcome.certificate;
  return {
    summary: `certificate ${outcome.action}: ${c.subject}, issued by ${c.issuer.split('\n').join(', ')}, valid until ${c.notAfter.toISOString()}`,
    created: outcome.action === 'issued' ? 1 : 0,
    updated: 0,
    unchanged: outcome.action === 'kept' ? 1 : 0,
    outputs: {
      subject: c.subject,
      issuer: c.issuer.split('\n').join(', '),
      notAfter: c.notAfter.toISOString(),
      names: c.names,
      version: c.version,
      contentType: c.contentType ?? 'unknown',
    },
  };
}
