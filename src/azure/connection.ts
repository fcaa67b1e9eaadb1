// How the app's Azure SDK clients reach Azure (managed identity) or the local emulator.
import { readFileSync } from 'node:fs';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { CommonClientOptions } from '@azure/core-client';
import type { DefaultAzureCredential } from '@azure/identity';
import { AppError } from '../errors.js';
import type { AppSettings } from '../settings.js';
import { localCredential } from './local-token.js';
import { onFirstUse } from './on-first-use.js';
import { armRetryPolicy, type RetryListener } from './retry-policy.js';
import type { RetrySettings } from './retry-decision.js';

/**
 * How every SDK client of this app reaches Azure: the one place credential, endpoint, CA and
 * retry policy are chosen. In Azure: the managed identity and Azure's endpoints. Locally: the
 * emulator's endpoint and CA, and tokens naming ACI_VNET_SIDECARS_PRINCIPAL_ID, the identity the
 * emulator's Key Vault checks role assignments for (local-token.ts); a container of the local
 * twin gets its group's identity from the local managed identity endpoint instead.
 */
export interface AzureConnection {
  credential: TokenCredential;
  /** Options for every ARM client (`endpoint` undefined in Azure). */
  armOptions: CommonClientOptions & { endpoint?: string };
  /** Options for Key Vault data-plane clients. */
  vaultOptions: CommonClientOptions & { disableChallengeResourceVerification?: boolean };
  /** Long-running operation poll interval, when the settings fix one. */
  pollIntervalMs: number | undefined;
}

export interface ConnectionOptions {
  onRetry?: RetryListener;
  retry?: RetrySettings;
  readFile?: (path: string) => string;
}

export function connect(settings: AppSettings, options: ConnectionOptions = {}): AzureConnection {
  const base: CommonClientOptions = {
    // Our policy replaces the SDK's own retries, so that one decision function rules every call.
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [
      {
        policy: armRetryPolicy({ settings: options.retry, onRetry: options.onRetry }),
        position: 'perCall',
      },
    ],
    ...(settings.caFile ? { tlsOptions: { ca: readCa(settings.caFile, options.readFile) } } : {}),
  };
  const local = settings.cloud === 'local';
  return {
    credential: credentialOf(settings),
    armOptions: { ...base, ...(settings.armEndpoint ? { endpoint: settings.armEndpoint } : {}) },
    // A localhost vault cannot match the challenge's resource (vault.azure.net); Azure's can.
    vaultOptions: { ...base, ...(local ? { disableChallengeResourceVerification: true } : {}) },
    pollIntervalMs: settings.pollIntervalMs,
  };
}

/**
 * In Azure, and in a container of the local twin (its managed identity endpoint set): the
 * DefaultAzureCredential that ACI containers use, which takes the identity from AZURE_CLIENT_ID.
 * Any other local process: tokens naming ACI_VNET_SIDECARS_PRINCIPAL_ID.
 */
function credentialOf(settings: AppSettings): TokenCredential {
  if (settings.cloud === 'local' && !settings.managedIdentityEndpoint) {
    return localCredential(settings.principalId);
  }
  return new DeferredDefaultAzureCredential();
}

/**
 * DefaultAzureCredential, built at the first token request: @azure/identity (with MSAL) is
 * imported then, not when the app starts (on-first-use.ts).
 */
export class DeferredDefaultAzureCredential implements TokenCredential {
  readonly resolve = onFirstUse(async (): Promise<DefaultAzureCredential> => {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return new DefaultAzureCredential();
  });

  async getToken(
    scopes: string | string[],
    options?: GetTokenOptions,
  ): Promise<AccessToken | null> {
    return (await this.resolve()).getToken(scopes, options);
  }
}

function readCa(path: string, read = (p: string) => readFileSync(p, 'utf8')): string {
  try {
    return read(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new AppError(
      'validation',
      'CaFileUnreadable',
      `ACI_VNET_SIDECARS_CA_FILE ${path} cannot be read (${code})`,
    );
  }
}

export function staticToken(token: string): TokenCredential {
  return {
    getToken: () => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
}

/** Options for the SDK's `begin…AndWait` calls: the configured poll interval, if any. */
export function pollOptions(connection: Pick<AzureConnection, 'pollIntervalMs'>): {
  updateIntervalInMs?: number;
} {
  return connection.pollIntervalMs === undefined
    ? {}
    : { updateIntervalInMs: connection.pollIntervalMs };
}

/** The constructor shape every ARM management client of the Azure SDK shares. */
export type ArmClientClass<Client> = new (
  credential: TokenCredential,
  subscriptionId: string,
  options?: AzureConnection['armOptions'],
) => Client;

/** An ARM SDK client of one subscription, reaching Azure the way this connection says. */
export function armClient<Client>(
  Class: ArmClientClass<Client>,
  connection: AzureConnection,
  subscriptionId: string,
): Client {
  return new Class(connection.credential, subscriptionId, connection.armOptions);
}

/**
 * `armClient`, built when first asked for: `load` imports the SDK package with `import()` and
 * answers its client class (on-first-use.ts), so the package is parsed only once an activity
 * calls Azure through it.
 */
export function lazyArmClient<Client>(
  load: () => Promise<ArmClientClass<Client>>,
  connection: AzureConnection,
  subscriptionId: string,
): () => Promise<Client> {
  return onFirstUse(async () => armClient(await load(), connection, subscriptionId));
}
