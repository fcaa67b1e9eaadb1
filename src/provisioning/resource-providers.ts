/**
 * Which resource provider namespaces a deployment needs registered, and what to do about each
 * one's registration state. Pure.
 *
 * A PUT to a namespace the subscription is not registered for fails with 409
 * MissingSubscriptionRegistration ("The subscription is not registered to use namespace
 * {resource-provider-namespace}",
 * `azure-resource-manager/troubleshooting/error-register-resource-provider.md`). ARM registers
 * providers by itself only for template deployments and the portal ("when you create resources
 * through the portal or by deploying an Azure Resource Manager template, Azure Resource Manager
 * automatically registers any required unregistered resource providers",
 * `azure-resource-manager/management/azure-services-resource-providers.md`); this app PUTs each
 * resource itself, so it registers them first.
 */

import type { Plan } from '../plan/index.js';

/** Namespaces written outside the plan's resources, with why. */
export const NAMESPACES_OUTSIDE_THE_PLAN: readonly { namespace: string; why: string }[] = [
  {
    namespace: 'Microsoft.EventGrid',
    why: "Event Grid delivers the container groups' events to this app, which needs Event Grid registered in the environment's subscription (event-grid/includes/register-provider-cli.md)",
  },
  {
    namespace: 'Microsoft.Network',
    why: "the groups' private A records and the gateway's backend pools, written by the stages and the reconciler",
  },
];

/** Every namespace the deployment writes to, each once (ARM compares them case-insensitively). */
export function requiredNamespaces(plan: Plan): string[] {
  const byKey = new Map<string, string>();
  const namespaces = [
    ...plan.resources.map((r) => r.type.split('/')[0] ?? r.type),
    ...NAMESPACES_OUTSIDE_THE_PLAN.map((n) => n.namespace),
  ];
  for (const namespace of namespaces)
    if (!byKey.has(namespace.toLowerCase())) byKey.set(namespace.toLowerCase(), namespace);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/** What a registration state asks for: nothing, waiting, or a POST `register`. */
export type RegistrationStep = 'ready' | 'wait' | 'register';

/**
 * `Registered` is ready. `Registering` finishes by itself ("It might take a moment for the
 * registration to finish", event-grid/includes/register-provider-cli.md), and so does
 * `Unregistering`, after which the namespace is registered again. `NotRegistered`, `Unregistered`
 * and anything else ARM may add are registered: registering is harmless to repeat.
 */
export function registrationStep(state: string): RegistrationStep {
  if (state === 'Registered') return 'ready';
  if (state === 'Registering' || state === 'Unregistering') return 'wait';
  return 'register';
}
