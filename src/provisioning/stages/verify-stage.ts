// Last deployment stage: the container groups run and the gateway finds every backend healthy.
import { createGatewayOperations } from '../../azure/gateway.js';
import { isRunning, readGroupAddresses } from '../../environments/index.js';
import { planIds } from '../../plan/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

/**
 * Checks that the deployment works as a whole: every group runs with an IP, and the gateway's
 * probes find every backend healthy. A group still starting or a probe not yet green is not
 * ready yet (the orchestrator checks again after a Durable timer); anything else says what is wrong.
 */
export async function verifyStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const addresses = await readGroupAddresses(ctx);
  const notRunning = addresses.filter((a) => !isRunning(a));
  if (notRunning.length > 0) {
    const list = notRunning.map(
      (a) => `${a.role.recordName} (${a.state ?? 'no state'}${a.ip ? '' : ', no IP'})`,
    );
    return notReady(`container groups not running yet: ${list.join(', ')}`);
  }
  const health = await createGatewayOperations(
    ctx.services.connection,
    ctx.spec.subscriptionId,
    ctx.services.deadline,
  ).backendHealth(ctx.spec.resourceGroup, ctx.spec.names.gateway);
  const unhealthy = health.filter((h) => h.health !== 'Healthy');
  if (unhealthy.length > 0 || health.length === 0) {
    const list =
      unhealthy.map((h) => `${h.pool} ${h.address}: ${h.health}`).join(', ') || 'no backends';
    return notReady(`the gateway's probes do not find every backend healthy: ${list}`);
  }
  const ids = planIds(ctx.spec);
  return {
    summary: `${addresses.length} container groups running, ${health.length}/${health.length} gateway backends healthy`,
    created: 0,
    updated: 0,
    unchanged: 0,
    outputs: {
      url: `https://${ctx.spec.gateway.hostName}/`,
      gateway: ids.gateway,
      backends: health.map((h) => `${h.pool} ${h.address} ${h.health}`),
    },
  };
}
