import { createContainerGroups } from '../azure/containers.js';
import { ensureCertificate } from '../certs/ensure-certificate.js';
import { AppError } from '../errors.js';
import { containerGroupRoles, planIds } from '../plan/index.js';
import { readKnown } from '../provisioning/apply.js';
import type { ProvisioningServices } from '../provisioning/services.js';
import { stageContext } from '../provisioning/stage-context.js';
import { publicZoneOf, requirePublicZone } from '../provisioning/stages/public-zone.js';

export interface RenewalCheck {
  action: 'kept' | 'issued';
  message: string;
  notAfter: string;
  version: string;
  /** Container groups to restart, one at a time, so their init containers fetch the new version. */
  groups: string[];
}

/** Renews the environment's certificate when it is due (the same checks as at deployment). */
export async function renewCertificateActivity(
  services: ProvisioningServices,
  rawSpec: unknown,
): Promise<RenewalCheck> {
  const ctx = stageContext(services, rawSpec, 'renewal');
  const vault = await readKnown(ctx.apply, planIds(ctx.spec).keyVault);
  const vaultUri = vault.properties?.vaultUri;
  if (typeof vaultUri !== 'string')
    throw new AppError(
      'unexpected',
      'VaultWithoutUri',
      `Key Vault ${ctx.spec.names.keyVault} has no vaultUri`,
    );
  const zone = publicZoneOf(ctx);
  await requirePublicZone(ctx, zone);
  const outcome = await ensureCertificate({
    spec: ctx.spec,
    vault: services.vault(vaultUri),
    zone,
    acmeDirectoryOverride: services.settings.acmeDirectoryOverride,
    propagation: {
      attempts: 30,
      intervalMs: 10_000,
      lookup: await services.txtLookup(zone),
      sleep: services.sleep,
      log: ctx.log,
    },
    now: services.now(),
    log: ctx.log,
  });
  return {
    action: outcome.action,
    message: outcome.message,
    notAfter: outcome.certificate.notAfter.toISOString(),
    version: outcome.certificate.version,
    groups: containerGroupRoles(ctx.spec, planIds(ctx.spec)).map((r) => r.id),
  };
}

/** Restarts one container group (init containers first), waiting for the operation to end. */
export async function restartGroupActivity(
  services: ProvisioningServices,
  input: { spec: unknown; groupId: string },
): Promise<void> {
  const ctx = stageContext(services, input.spec, 'renewal');
  const name = input.groupId.split('/').at(-1) ?? '';
  ctx.log(`restarting ${name} so that its init container fetches the new certificate`);
  await createContainerGroups(services.connection, ctx.spec.subscriptionId).restart(
    ctx.spec.resourceGroup,
    name,
  );
}

/** A restarted group counts once it runs again with an IP; until then the orchestrator retries. */
export async function groupRunningActivity(
  services: ProvisioningServices,
  input: { spec: unknown; groupId: string },
): Promise<{ groupId: string; ip: string }> {
  const ctx = stageContext(services, input.spec, 'renewal');
  const group = await ctx.apply.store.get(input.groupId, '2023-05-01');
  const properties = group?.properties as
    { ipAddress?: { ip?: string }; instanceView?: { state?: string } } | undefined;
  const state = properties?.instanceView?.state;
  const ip = properties?.ipAddress?.ip;
  if (!ip || (state && state !== 'Running')) {
    const name = input.groupId.split('/').at(-1) ?? '';
    throw new AppError(
      'transient',
      'GroupStillRestarting',
      `${name} is ${state ?? 'not running'} after its restart`,
    );
  }
  return { groupId: input.groupId, ip };
}
