// One environment's certificate: its Key Vault and public zone, shared by deployment and renewal.
import {
  publicZoneOf,
  readKnown,
  requirePublicZone,
  type EnvironmentContext,
} from '../environments/index.js';
import { AppError } from '../errors.js';
import { planIds } from '../plan/index.js';
import { ensureCertificate, type CertificateOutcome } from './ensure-certificate.js';

/** Azure DNS usually answers a new record within a minute; allow five before giving up. */
const PROPAGATION = { attempts: 30, intervalMs: 10_000 };

/**
 * Makes the environment's vault hold a valid certificate for the spec's names, issuing by ACME
 * when the renewal checks say so: the certificate stage and the renewal timer both run this.
 */
export async function ensureEnvironmentCertificate(
  ctx: EnvironmentContext,
): Promise<CertificateOutcome> {
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
