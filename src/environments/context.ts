// Builds what an activity works on from the orchestration's input: spec, plan, services, log.
import { createHash } from 'node:crypto';
import { AppError } from '../errors.js';
import { buildPlan, type Plan, type PlanOptions } from '../plan/index.js';
import type { AppServices } from '../services.js';
import type { AppSettings } from '../settings.js';
import { formatProblems, parseSpec, type EnvironmentSpec } from '../spec/index.js';
import { applyContext, readKnown, type ApplyContext } from './apply.js';

/**
 * What every activity of every workflow works with: the parsed spec, its plan, the services, one
 * apply context (resources read in this activity are cached there) and a log prefixed with the
 * environment and the workflow step.
 */
export interface EnvironmentContext {
  spec: EnvironmentSpec;
  plan: Plan;
  services: AppServices;
  apply: ApplyContext;
  log: (line: string) => void;
}

/** Parses the spec as stored in the orchestration's input; a spec that no longer parses is a validation failure. */
export function environmentContext(
  services: AppServices,
  rawSpec: unknown,
  step: string,
): EnvironmentContext {
  const spec = parsedSpec(rawSpec);
  const plan = environmentPlan(spec, services.settings);
  const log = (line: string) => services.log(line, { environment: spec.name, stage: step });
  const apply = applyContext(
    services.store(spec.subscriptionId, services.deadline),
    plan,
    {
      eventHandlerFunctionId: services.settings.eventHandlerId,
      deployerPrincipalId: services.settings.principalId,
    },
    log,
  );
  return { spec, plan, services, apply, log };
}

function parsedSpec(rawSpec: unknown): EnvironmentSpec {
  const parsed = parseSpec(rawSpec);
  if (parsed.ok) return parsed.spec;
  throw new AppError(
    'validation',
    'InvalidSpec',
    `the spec is not valid:\n${formatProblems(parsed.problems)}`,
  );
}

/**
 * The plan of an environment under this app's settings: the HTTP starter builds the stage graph
 * from it and every activity applies it, so both always see the same plan.
 */
export function environmentPlan(spec: EnvironmentSpec, settings: AppSettings): Plan {
  const acmeTrustedRoots = settings.acmeDirectories.trustedRoots;
  return buildPlan(spec, {
    ...planOptions(settings),
    ...(acmeTrustedRoots.length > 0 ? { acmeTrustedRoots } : {}),
  });
}

/**
 * A short fingerprint of a plan. The deployment records it when it starts and every stage checks
 * it: a plan that changed under a running deployment (new app code or settings) fails the stage
 * instead of applying half of one plan and half of another. The plan itself (about 70 kB for the
 * full example) would bloat every activity's input in the orchestration history.
 */
export function planFingerprint(plan: Plan): string {
  return createHash('sha256').update(JSON.stringify(plan)).digest('hex').slice(0, 16);
}

/**
 * Where Event Grid delivers (a local webhook, or this app's Event Grid function in Azure), and the
 * subnet this app reaches Key Vault from.
 */
export function planOptions(settings: AppSettings): PlanOptions {
  const outbound = settings.outboundSubnetId
    ? { appOutboundSubnetId: settings.outboundSubnetId }
    : {};
  if (settings.eventWebhookUrl)
    return {
      eventDestination: { endpointType: 'WebHook', endpointUrl: settings.eventWebhookUrl },
      ...outbound,
    };
  if (settings.eventHandlerId)
    return {
      eventDestination: { endpointType: 'AzureFunction', resourceId: settings.eventHandlerId },
      ...outbound,
    };
  return outbound;
}

/**
 * The tenant id for the Key Vault body: the workload identity knows its tenant, so no setting is
 * needed and no Entra call is made.
 */
export async function resolveTenantId(ctx: EnvironmentContext): Promise<void> {
  if (ctx.apply.params.tenantId) return;
  const identityId = ctx.plan.resources.find(
    (r) => r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities',
  )?.id;
  if (!identityId) return;
  const identity = await readKnown(ctx.apply, identityId);
  const tenantId = identity.properties?.tenantId;
  if (typeof tenantId === 'string') ctx.apply.params.tenantId = tenantId;
}
