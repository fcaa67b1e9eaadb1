// One environment's certificate: its Key Vault and public zone, shared by deployment and renewal.
import {
  publicZoneOf,
  readKnown,
  requirePublicZone,
  type EnvironmentContext,
} from '../environments/index.js';
import { VAULT_FORBIDDEN } from '../azure/key-vault.js';
import { AppError } from '../errors.js';
import { planIds } from '../plan/index.js';
import { dnsPropagationPoll, ROLE_ASSIGNMENT_WAIT } from '../retry-policies.js';
import { ensureCertificate, type CertificateOutcome } from './ensure-certificate.js';
import { vaultAccess } from './vault-access.js';
import { readVaultGrants } from './vault-grants.js';

/** Key Vault still refuses this app while its new role assignments spread: try again later. */
export interface AwaitingVaultAccess {
  action: 'awaiting-access';
  /** What is waited for: "this app's new role assignments on Key Vault … to apply; …". */
  message: string;
}

/**
 * Makes the environment's vault hold a valid certificate for the spec's names, issuing by ACME
 * when the renewal checks say so: the certificate stage and the renewal timer both run this.
 * Every step is idempotent (a pending request is resumed), so after `awaiting-access` the caller
 * runs it again from the start.
 */
export async function ensureEnvironmentCertificate(
  ctx: EnvironmentContext,
): Promise<CertificateOutcome | AwaitingVaultAccess> {
  try {
    return await ensureInVault(ctx);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== VAULT_FORBIDDEN) throw error;
    return vaultRefused(ctx, error);
  }
}

/**
 * A 403 from the vault: wait while this app's role assignments on it are younger than Azure
 * takes to apply them, otherwise fail saying which role is missing or what else to check.
 */
async function vaultRefused(
  ctx: EnvironmentContext,
  refusal: AppError,
): Promise<AwaitingVaultAccess> {
  const decision = vaultAccess({
    vaultName: ctx.spec.names.keyVault,
    principalId: ctx.services.settings.principalId,
    refusal: refusal.detail,
    grants: await readVaultGrants(ctx),
    now: ctx.services.now(),
    wait: ROLE_ASSIGNMENT_WAIT,
  });
  if (decision.kind === 'fail') {
    const { kind, code, message } = decision.failure;
    throw new AppError(kind, code, message, { cause: refusal });
  }
  return { action: 'awaiting-access', message: decision.message };
}

async function ensureInVault(ctx: EnvironmentContext): Promise<CertificateOutcome> {
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
    allowedAcmeDirectories: services.settings.acmeDirectories.allowed,
    propagation: {
      ...dnsPropagationPoll(services.settings.pollIntervalMs),
      nameServers: await services.nameServers(zone),
      sleep: services.sleep,
      log: ctx.log,
    },
    ...(services.deadline ? { deadline: services.deadline } : {}),
    now: services.now(),
    log: ctx.log,
  });
}
