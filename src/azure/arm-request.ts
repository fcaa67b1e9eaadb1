// Plain ARM requests for operations no installed SDK package exposes (ACR Tasks uploads, runs).
import type { ServiceClient } from '@azure/core-client';
import { toAppError } from './azure-error.js';
import type { AzureConnection } from './connection.js';
import { onFirstUse } from './on-first-use.js';

export const AZURE_RESOURCE_MANAGER = 'https://management.azure.com';

export interface ArmResponse<T> {
  status: number;
  body: T;
  headers: (name: string) => string | undefined;
}

/**
 * A plain ARM request through the same credential, CA and retry policy as the SDK clients, for
 * operations no installed SDK package exposes (ACR Tasks: listBuildSourceUploadUrl, scheduleRun,
 * runs). Non-2xx answers become AppErrors with ARM's code.
 */
export interface ArmRequester {
  send<T>(
    method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    apiVersion: string,
    body?: unknown,
  ): Promise<ArmResponse<T>>;
}

/** A plain ARM client over the app's connection (credential, CA, retry policy), built on first use. */
export function armServiceClient(connection: AzureConnection): () => Promise<ServiceClient> {
  return onFirstUse(async () => {
    const { ServiceClient } = await import('@azure/core-client');
    return new ServiceClient({
      ...connection.armOptions,
      credential: connection.credential,
      credentialScopes: [`${AZURE_RESOURCE_MANAGER}/.default`],
    });
  });
}

export function createArmRequester(connection: AzureConnection): ArmRequester {
  const endpoint = (connection.armOptions.endpoint ?? AZURE_RESOURCE_MANAGER).replace(/\/$/, '');
  const client = armServiceClient(connection);
  return {
    async send<T>(
      method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
      path: string,
      apiVersion: string,
      body?: unknown,
    ) {
      const url = `${endpoint}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
      const context = `${method} ${path.split('/providers/').at(-1) ?? path}`;
      const { createPipelineRequest, RestError } = await import('@azure/core-rest-pipeline');
      const request = createPipelineRequest({
        url,
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      request.headers.set('content-type', 'application/json');
      let response;
      try {
        response = await (await client()).sendRequest(request);
      } catch (error) {
        throw toAppError(error, context);
      }
      const parsed = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
      if (response.status >= 400) {
        const error = (parsed as { error?: { code?: string; message?: string } } | undefined)
          ?.error;
        throw toAppError(
          new RestError(error?.message ?? `HTTP ${response.status}`, {
            statusCode: response.status,
            code: error?.code,
            response,
          }),
          context,
        );
      }
      return {
        status: response.status,
        body: parsed as T,
        headers: (name) => response.headers.get(name),
      };
    },
  };
}
