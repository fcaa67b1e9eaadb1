import { AppError } from '../errors.js';
import { buildPlan, type Plan, type PlanOptions } from '../plan/index.js';
import { formatProblems, parseSpec, type EnvironmentSpec } from '../spec/index.js';
import type { AppSettings } from '../settings.js';
import { applyContext, readKnown, type ApplyContext } from './apply.js';
import type { ProvisioningServices } from './services.js';

/** What a stage works with: the parsed spec, its plan, and one apply context for the run. */
export interface StageContext {
  spec: EnvironmentSpec;
  plan: Plan;
  services: ProvisioningServices;
  apply: ApplyContext;
  log: (line: string) => void;
}

export function stageContext(
  services: ProvisioningServices,
  rawSpec: unknown,
  stage: string,
): StageContext {
  const parsed = parseSpec(rawSpec);
  if (!parsed.ok) {
    throw new AppError(
      'validation',
      'InvalidSpec',
      `the spec is not valid:\n${formatProblems(parsed.problems)}`,
    );
  }
  const spec = parsed.spec;
  const plan = buildPlan(spec, planOptions(services.settings));
  const log = (line: string) => services.log(`[${spec.name}/${stage}] ${line}`);
  const apply = applyContext(
    services.store(spec.subscriptionId),
    plan,
    {
      eventHandlerFunctionId: services.settings.eventHandlerId,
      deployerPrincipalId: services.settings.principalId,
    },
    log,
  );
  return { spec, plan, services, apply, log };
}

/** Where Event Grid delivers: a local webhook, or this app's Event Grid function in Azure. */
export function planOptions(settings: AppSettings): PlanOptions {
  if (settings.eventWebhookUrl)
    return { eventDestination: { endpointType: 'WebHook', endpointUrl: settings.eventWebhookUrl } };
  if (settings.eventHandlerId)
    return {
      eventDestination: { endpointType: 'AzureFunction', resourceId: settings.eventHandlerId },
    };
  return {};
}

/**
 * The tenant id for the Key Vault body: the workload identity knows its tenant, so no setting is
 * needed and no Entra call is made.
 */
export async function resolveTenantId(ctx: StageContext): Promise<void> {
  if (ctx.apply.params.tenantId) return;
  const identityId = ctx.plan.resources.find(
    (r) => r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities',
  )?.id;
  if (!identityId) return;
  const identity = await readKnown(ctx.apply, identityId);
  const tenantId = identity.properties?.tenantId;
  if (typeof tenantId === 'string') ctx.apply.params.tenantId = tenantId;
}
