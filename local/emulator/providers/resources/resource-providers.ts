// Microsoft.Resources resource providers: `GET /subscriptions/{s}/providers[/{namespace}]`,
// `POST …/providers/{namespace}/register`, and the rule every ARM write passes first: its
// namespace must be Registered for the subscription, or ARM answers 409
// MissingSubscriptionRegistration.
//
// Sources: REST `specification/resources/resource-manager/Microsoft.Resources/stable/2025-04-01/
// resources.json` (Providers_Get, Providers_List, Providers_Register, "Registers a subscription
// with a resource provider", 200 with the Provider) and its examples GetProvider.json /
// GetProviders.json (`registrationState` Registering / Registered / NotRegistered,
// `registrationPolicy` RegistrationFree for Microsoft.Resources, RegistrationRequired otherwise);
// `articles/azure-resource-manager/troubleshooting/error-register-resource-provider.md`
// ("Code: MissingSubscriptionRegistration / Message: The subscription is not registered to use
// namespace {resource-provider-namespace}"); the full message, the 409 and the `details[].target`
// as Azure sends them: Azure/OpenShift#21, nforgeio/neonKUBE#1670 ("Status: 409 (Conflict)"),
// Azure/azure-sdk-for-node#2305.
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import type { EmulatorContext } from '../../core/context.js';
import type { EmuResponse, Json } from '../../core/model.js';
import { typeBehaviours } from '../index.js';
import { OPERATION_LATENCIES } from '../../arm/latencies.js';

/**
 * Registered for every subscription: the namespaces marked "registered" in
 * `articles/azure-resource-manager/management/azure-services-resource-providers.md` ("Resource
 * providers marked with - registered in the previous section are automatically registered for
 * your subscription").
 */
export const REGISTERED_BY_DEFAULT: readonly string[] = [
  'Microsoft.ADHybridHealthService',
  'Microsoft.Authorization',
  'Microsoft.Billing',
  'Microsoft.ClassicSubscription',
  'Microsoft.Commerce',
  'Microsoft.Consumption',
  'Microsoft.CostManagement',
  'Microsoft.Features',
  'Microsoft.MarketplaceOrdering',
  'Microsoft.Portal',
  'Microsoft.ResourceGraph',
  'Microsoft.Resources',
  'Microsoft.SerialConsole',
  'microsoft.support',
];

/**
 * How long a registration stays `Registering` before Azure says `Registered`, before
 * `timeScale`. Inferred: Microsoft says only "It might take a moment for the registration to
 * finish" (`articles/event-grid/includes/register-provider-cli.md`); a minute is a typical wait.
 */
export const REGISTRATION_LATENCY_MS = OPERATION_LATENCIES.resourceProviderRegistration.ms;

export type RegistrationState = 'NotRegistered' | 'Registering' | 'Registered';

/** Namespaces with ARM's own casing: a GET answers `Microsoft.Sql` however the path spelt it. */
const CANONICAL = new Map(
  [...REGISTERED_BY_DEFAULT, ...typeBehaviours.map((b) => b.type.split('/')[0] ?? '')].map(
    (ns) => [ns.toLowerCase(), ns] as const,
  ),
);

const DEFAULTS = new Set(REGISTERED_BY_DEFAULT.map((ns) => ns.toLowerCase()));

function canonical(namespace: string): string {
  return CANONICAL.get(namespace.toLowerCase()) ?? namespace;
}

const registrationKey = (subscription: string, namespace: string) =>
  key(`${subscription}/${namespace}`);

export function registrationState(
  ctx: EmulatorContext,
  subscription: string,
  namespace: string,
): RegistrationState {
  if (ctx.config.freshSubscription === false || DEFAULTS.has(namespace.toLowerCase()))
    return 'Registered';
  const registration = ctx.state.providerRegistrations.get(
    registrationKey(subscription, namespace),
  );
  if (!registration) return 'NotRegistered';
  return ctx.clock.now() >= registration.registeredAt ? 'Registered' : 'Registering';
}

/** The Provider as Providers_Get answers it (GetProvider.json), with the types the emulator serves. */
function providerView(ctx: EmulatorContext, subscription: string, namespace: string): Json {
  const name = canonical(namespace);
  const resourceTypes = typeBehaviours
    .filter((b) => key(b.type).startsWith(`${key(name)}/`))
    .map((b) => ({ resourceType: b.type.slice(name.length + 1) }));
  return {
    id: `/subscriptions/${subscription}/providers/${name}`,
    namespace: name,
    registrationState: registrationState(ctx, subscription, name),
    registrationPolicy:
      key(name) === 'microsoft.resources' ? 'RegistrationFree' : 'RegistrationRequired',
    resourceTypes,
  };
}

export function getProvider(
  ctx: EmulatorContext,
  target: { subscription: string; namespace: string },
): EmuResponse {
  return { status: 200, body: providerView(ctx, target.subscription, target.namespace) };
}

export function listProviders(ctx: EmulatorContext, subscription: string): EmuResponse {
  const value = [...new Set(CANONICAL.values())]
    .sort()
    .map((ns) => providerView(ctx, subscription, ns));
  return { status: 200, body: { value } };
}

/**
 * Providers_Register: answers 200 with the provider, `Registering` until the time-scaled
 * registration delay has passed (`Register-AzResourceProvider` "returns … RegistrationState :
 * Registering", `resource-providers-and-types.md`). Registering again restarts nothing.
 */
export function registerProvider(
  ctx: EmulatorContext,
  target: { subscription: string; namespace: string },
): EmuResponse {
  const id = registrationKey(target.subscription, target.namespace);
  if (registrationState(ctx, target.subscription, target.namespace) === 'NotRegistered') {
    ctx.state.providerRegistrations.set(id, {
      subscription: target.subscription,
      namespace: canonical(target.namespace),
      registeredAt: ctx.clock.now() + REGISTRATION_LATENCY_MS * ctx.config.timeScale,
    });
  }
  return getProvider(ctx, target);
}

/**
 * A write to a namespace the subscription is not registered for fails with 409
 * MissingSubscriptionRegistration, `details[0].target` naming the namespace, until the
 * registration reads `Registered` ("When registrationState is Registered, you're ready to
 * continue", `register-provider-cli.md`). While it is `Registering` the message says so, as ARM's
 * does for an `Unregistered` subscription (Azure/azure-sdk-for-node#2305; the Registering wording
 * is inferred from it).
 */
export function requireRegistration(
  ctx: EmulatorContext,
  subscription: string,
  namespace: string,
): void {
  const state = registrationState(ctx, subscription, namespace);
  if (state === 'Registered') return;
  const name = canonical(namespace);
  const message =
    state === 'Registering'
      ? `The subscription registration is in 'Registering' state. The subscription must be registered to use namespace '${name}'. See https://aka.ms/rps-not-found for how to register subscriptions.`
      : `The subscription is not registered to use namespace '${name}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
  throw new ArmError(409, 'MissingSubscriptionRegistration', message, [
    { code: 'MissingSubscriptionRegistration', message, target: name },
  ]);
}
