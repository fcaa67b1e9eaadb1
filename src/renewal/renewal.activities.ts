import { createContainerGroups } from '../azure/containers.js';
import { AppError } from '../errors.js';
import { apiVersionOf, containerGroupRoles, planIds } from '../plan/index.js';
import { groupState, isRunning } from '../provisioning/group-ips.js';
import type { ProvisioningServices } from '../provisioning/services.js';
import { stageContext } from '../provisioning/stage-context.js';
import { ensureEnvironmentCertificate } from '../provisioning/stages/certificate-stage.js';

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
  const outcome = await ensureEnvironmentCertificate(ctx);
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
  const group = groupState(
    await ctx.apply.store.get(
      input.groupId,
      apiVersionOf('Microsoft.ContainerInstance/containerGroups'),
    ),
  );
  if (!isRunning(group) || !group.ip) {
    const name = input.groupId.split('/').at(-1) ?? '';
    throw new AppError(
      'transient',
      'GroupStillRestarting',
      `${name} is ${group.state ?? 'not running'} after its restart`,
    );
  }
  const ip = group.ip;
  return { groupId: input.groupId, ip };
}
