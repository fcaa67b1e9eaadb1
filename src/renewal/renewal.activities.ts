// The renewal workflow's Durable activities: renew if due, restart a group, wait for it to run.
import { createContainerGroups } from '../azure/containers.js';
import { ensureEnvironmentCertificate } from '../certs/environment-certificate.js';
import { environmentContext, groupState, isRunning } from '../environments/index.js';
import { apiVersionOf, containerGroupRoles, planIds } from '../plan/index.js';
import { RENEWAL_RETRY } from '../retry-policies.js';
import { defineActivity, notReady } from '../workflows/activity.js';

export interface RenewalCheck {
  action: 'kept' | 'issued';
  message: string;
  notAfter: string;
  version: string;
  /** Container groups to restart, one at a time, so their init containers fetch the new version. */
  groups: string[];
}

export interface GroupInput {
  spec: unknown;
  groupId: string;
}

/** Renews the environment's certificate when it is due (the same checks as at deployment). */
export const renewCertificateActivity = defineActivity<{ spec: unknown }, RenewalCheck>({
  name: 'renewCertificateIfDue',
  retry: RENEWAL_RETRY,
  run: async (services, input) => {
    const ctx = environmentContext(services, input.spec, 'renewal');
    const outcome = await ensureEnvironmentCertificate(ctx);
    return {
      action: outcome.action,
      message: outcome.message,
      notAfter: outcome.certificate.notAfter.toISOString(),
      version: outcome.certificate.version,
      groups: containerGroupRoles(ctx.spec, planIds(ctx.spec)).map((r) => r.id),
    };
  },
});

/** Restarts one container group (init containers first), waiting for the operation to end. */
export const restartGroupActivity = defineActivity<GroupInput, null>({
  name: 'restartContainerGroup',
  retry: RENEWAL_RETRY,
  run: async (services, input) => {
    const ctx = environmentContext(services, input.spec, 'renewal');
    const name = groupName(input.groupId);
    ctx.log(`restarting ${name} so that its init container fetches the new certificate`);
    await createContainerGroups(services.connection, ctx.spec.subscriptionId).restart(
      ctx.spec.resourceGroup,
      name,
    );
    return null;
  },
});

/** A restarted group counts once it runs again with an IP; until then it is not ready. */
export const groupRunningActivity = defineActivity<GroupInput, { groupId: string; ip: string }>({
  name: 'containerGroupRunning',
  retry: RENEWAL_RETRY,
  run: async (services, input) => {
    const ctx = environmentContext(services, input.spec, 'renewal');
    const group = groupState(
      await ctx.apply.store.get(
        input.groupId,
        apiVersionOf('Microsoft.ContainerInstance/containerGroups'),
      ),
    );
    if (!isRunning(group) || !group.ip)
      return notReady(
        `${groupName(input.groupId)} is ${group.state ?? 'not running'} after its restart`,
      );
    return { groupId: input.groupId, ip: group.ip };
  },
});

function groupName(groupId: string): string {
  return groupId.split('/').at(-1) ?? groupId;
}
