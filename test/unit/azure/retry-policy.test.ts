import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { armRetryPolicy } from '../../../src/azure/retry-policy.js';

/** An HttpClient that answers from a script: no sockets, so the policy is tested alone. */
function scriptedClient(
  script: { status: number; headers?: Record<string, string>; body?: unknown }[],
) {
  const requests: string[] = [];
  const client: HttpClient = {
    sendRequest: (request: PipelineRequest): Promise<PipelineResponse> => {
      requests.push(`${request.method} ${request.url}`);
      const next = script[Math.min(requests.length - 1, script.length - 1)]!;
      return Promise.resolve({
        request,
        status: next.status,
        headers: createHttpHeaders(next.headers ?? {}),
        bodyAsText: next.body === undefined ? undefined : JSON.stringify(next.body),
      });
    },
  };
  return { client, requests };
}

const fast = { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 };

async function send(
  script: Parameters<typeof scriptedClient>[0],
  onRetry?: (reason: string) => void,
) {
  const { client, requests } = scriptedClient(script);
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(
    armRetryPolicy({ settings: fast, onRetry: onRetry && ((e) => onRetry(e.reason)) }),
  );
  const request = createPipelineRequest({
    url: 'https://management.azure.com/subscriptions/s/resourceGroups/rg?api-version=2025-04-01',
    method: 'PUT',
  });
  const response = await pipeline.sendRequest(client, request);
  return { status: response.status, calls: requests.length };
}

describe('the retry policy of every Azure client', () => {
  test('recovers from throttling by sending again after Retry-After', async () => {
    const reasons: string[] = [];
    const result = await send(
      [
        { status: 429, headers: { 'retry-after-ms': '1' } },
        { status: 200, body: {} },
      ],
      (reason) => reasons.push(reason),
    );
    assert.deepEqual(result, { status: 200, calls: 2 });
    assert.deepEqual(reasons, ['throttled (429)']);
  });

  test('sends a validation error back at once with the ARM error intact', async () => {
    const result = await send([
      { status: 400, body: { error: { code: 'InvalidRequestContent', message: 'bad' } } },
    ]);
    assert.deepEqual(result, { status: 400, calls: 1 });
  });

  test('retries AnotherOperationInProgress until it clears', async () => {
    const busy = {
      status: 409,
      body: { error: { code: 'AnotherOperationInProgress', message: 'busy' } },
    };
    const result = await send([busy, busy, { status: 200, body: {} }]);
    assert.deepEqual(result, { status: 200, calls: 3 });
  });

  test('gives up after the bound and returns the last server error', async () => {
    const result = await send([{ status: 503 }]);
    assert.deepEqual(result, { status: 503, calls: 3 });
  });
});
