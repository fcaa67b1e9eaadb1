import { ensureCertificate, type CertificateOutcome } from '../../certs/ensure-certificate.js';
import { AppError } from '../../errors.js';
import { planIds } from '../../plan/index.js';
import { readKnown } from '../apply.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { publicZoneOf, requirePublicZone } from './public-zone.js';

/** Azure DNS usually answers a new record within a minute; allow five before giving up. */
const PROPAGATION = { attempts: 30, intervalMs: 10_000 };

/**
 * Makes the environment's vault hold a valid certificate for the spec's names, issuing by ACME
 * when the renewal checks say so: the certificate stage and the renewal timer both run this.
 */
export async function ensureEnvironmentCertificate(ctx: StageContext): Promise<CertificateOutcome> {
  const { spec, services } = ctx;
  const vaultResource = await readKnown(ctx.apply, planIds(spec).keyVault);
  const vaultUri = vaultResource.properties?.vaultUri;
  if (typeof vaultUri !== 'string') {
    throw new AppError(
      'unexpected',
      'VaultWithoutUri',
      `Key Vault ${spec.names.keyVault} has no vaultUri yet`,
    );
  }
  const zone = publicZoneOf(ctx);
  await requirePublicZone(ctx, zone);
  return ensureCertificate({
    spec,
    vault: services.vault(vaultUri),
    zone,
    acmeDirectoryOverride: services.settings.acmeDirectoryOverride,
    propagation: {
      ...PROPAGATION,
      lookup: await services.txtLookup(zone),
      sleep: services.sleep,
      log: ctx.log,
    },
    now: services.now(),
    log: ctx.log,
  });
}

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
    },
  };
}
