// Deployment stage that makes Key Vault hold the environment's LetsEncrypt certificate.
import { ensureEnvironmentCertificate } from '../../certs/environment-certificate.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

/** Makes Key Vault hold a valid certificate for the spec's names (issuing by ACME when needed). */
export async function certificateStage(ctx: StageContext): Promise<StageReport> {
  const outcome = await ensureEnvironmentCertificate(ctx);
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
