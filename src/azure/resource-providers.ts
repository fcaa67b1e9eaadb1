// Resource provider registration of a subscription (Microsoft.Resources providers operations).
import type { Providers } from '@azure/arm-resources';
import { AppError } from '../errors.js';
import { describedCall } from './azure-error.js';
import { lazyArmClient, type AzureConnection } from './connection.js';

/**
 * A subscription's resource providers: whether a namespace is registered, and asking for it to
 * be. Registration is per subscription ("The scope for registration is always the
 * subscription", `azure-resource-manager/management/resource-providers-and-types.md`) and needs
 * `{namespace}/register/action`, which Contributor and Owner include.
 *
 * `registrationState` is ARM's string: `NotRegistered`, `Registering`, `Registered`,
 * `Unregistering` or `Unregistered`. 404 on either call means ARM does not know the namespace
 * (a typo in a resource type), 403 that the identity may not register it.
 */
export interface ResourceProviders {
  registrationState(namespace: string): Promise<string>;
  /** POST `…/providers/{namespace}/register`; answers the state ARM returned (usually Registering). */
  register(namespace: string): Promise<string>;
}

type ProvidersApi = Pick<Providers, 'get' | 'register'>;

export function createResourceProviders(
  connection: AzureConnection,
  subscriptionId: string,
): ResourceProviders {
  const client = lazyArmClient(
    async () => (await import('@azure/arm-resources')).ResourceManagementClient,
    connection,
    subscriptionId,
  );
  return resourceProviders({
    get: async (...call) => (await client()).providers.get(...call),
    register: async (...call) => (await client()).providers.register(...call),
  });
}

export function resourceProviders(api: ProvidersApi): ResourceProviders {
  return {
    registrationState: (namespace) =>
      describedCall(`GET providers/${namespace}`, async () =>
        stateOf(namespace, await api.get(namespace)),
      ),
    register: (namespace) =>
      describedCall(`POST providers/${namespace}/register`, async () =>
        stateOf(namespace, await api.register(namespace)),
      ),
  };
}

function stateOf(namespace: string, provider: { registrationState?: string }): string {
  if (provider.registrationState) return provider.registrationState;
  throw new AppError(
    'unexpected',
    'NoRegistrationState',
    `ARM answered for the resource provider ${namespace} without a registrationState`,
  );
}
