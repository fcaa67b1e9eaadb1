// First deployment stage: the subscription is registered for every namespace the plan writes to.
import { createResourceProviders } from '../../azure/resource-providers.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import { registrationStep, requiredNamespaces } from '../resource-providers.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';

/**
 * Reads the registration state of every namespace the deployment needs, registers those that are
 * not, and answers "not ready" until every one reads `Registered`: the orchestrator then checks
 * again after a Durable timer (NOT_READY_WAIT), instead of an activity sleeping. A namespace
 * already Registered gets no POST, so a second deployment sends no register request at all.
 */
export async function resourceProvidersStage(ctx: StageContext): Promise<StageReport | NotReady> {
  const providers = createResourceProviders(ctx.services.connection, ctx.spec.subscriptionId);
  const namespaces = requiredNamespaces(ctx.plan);
  const states = await Promise.all(
    namespaces.map(async (namespace) => ({
      namespace,
      state: await providers.registrationState(namespace),
    })),
  );
  const registered: string[] = [];
  for (const entry of states) {
    if (registrationStep(entry.state) !== 'register') continue;
    ctx.log(`registering the resource provider ${entry.namespace} (${entry.state})`);
    entry.state = await providers.register(entry.namespace);
    registered.push(entry.namespace);
  }
  const pending = states.filter((s) => registrationStep(s.state) !== 'ready');
  if (pending.length > 0) {
    const list = pending.map((s) => `${s.namespace} (${s.state})`).join(', ');
    return notReady(`resource providers not registered yet: ${list}`);
  }
  return {
    summary: `${namespaces.length} resource providers registered${registered.length ? `, ${registered.length} just now` : ''}`,
    created: registered.length,
    updated: 0,
    unchanged: namespaces.length - registered.length,
    outputs: { registered: namespaces },
  };
}
