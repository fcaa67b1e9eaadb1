// The Azure SDK pipeline policy that retries throttled and transient calls of every client.
import type {
  PipelinePolicy,
  PipelineResponse,
  RetryInformation,
  RetryStrategy,
} from '@azure/core-rest-pipeline';
import { HTTP_RETRY } from '../retry-policies.js';
import { onFirstUse } from './on-first-use.js';
import { decideRetry, type RetrySettings } from './retry-decision.js';

/** Told about every retry, so long operations show why they are waiting. */
export type RetryListener = (event: {
  method: string;
  path: string;
  reason: string;
  delayMs: number;
  retry: number;
}) => void;

export interface RetryPolicyOptions {
  settings?: RetrySettings;
  random?: () => number;
  onRetry?: RetryListener;
}

/**
 * The one retry policy of every Azure client this app builds (clients get `retryOptions:
 * { maxRetries: 0 }` so the SDK's own policy stays out of the way). It runs on the SDK's retry loop
 * (`retryPolicy` from core-rest-pipeline) with our decision function as the only strategy.
 */
export function armRetryPolicy(options: RetryPolicyOptions = {}): PipelinePolicy {
  const settings = options.settings ?? HTTP_RETRY;
  const random = options.random ?? Math.random;
  const strategy: RetryStrategy = {
    name: 'aciVnetSidecarsRetry',
    retry(state: RetryInformation) {
      const response = state.response ?? state.responseError?.response;
      const decision = decideRetry(
        {
          retryCount: state.retryCount,
          status: response?.status,
          errorCode: response ? errorCodeOf(response) : undefined,
          headers: response ? (name) => response.headers.get(name) : undefined,
          networkErrorCode: response ? undefined : (state.responseError?.code ?? undefined),
        },
        settings,
        random,
      );
      if (!decision.retry) return state.responseError ? { errorToThrow: state.responseError } : {};
      // A dropped connection has no response; its request is on the error.
      const request = response?.request ?? state.responseError?.request;
      if (request && options.onRetry) {
        options.onRetry({
          method: request.method,
          path: new URL(request.url).pathname,
          reason: decision.reason,
          delayMs: decision.delayMs,
          retry: state.retryCount + 1,
        });
      }
      return { retryAfterInMs: decision.delayMs };
    },
  };
  // Built at the first request: by then the client sending it has loaded core-rest-pipeline.
  const policy = onFirstUse(async () => {
    const { retryPolicy } = await import('@azure/core-rest-pipeline');
    return retryPolicy([strategy], { maxRetries: settings.maxRetries });
  });
  return {
    name: 'aciVnetSidecarsRetryPolicy',
    sendRequest: async (request, next) => (await policy()).sendRequest(request, next),
  };
}

/** `error.code` of an ARM or Key Vault error body, when the body is one. */
export function errorCodeOf(response: PipelineResponse): string | undefined {
  if (!response.bodyAsText) return undefined;
  try {
    const body = JSON.parse(response.bodyAsText) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}
