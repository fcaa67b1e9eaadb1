// A deployment through the local stack as a user makes one: POST the spec, then read
// GET /api/environments/{name} until it no longer runs.
import assert from 'node:assert/strict';
import { until } from './eventually.js';
import { startLocalStack, type LocalStack } from './local-stack.js';

/** What GET /api/environments/{name} answers, as far as the tests read it. */
export interface DeploymentStatus {
  runtimeStatus: string;
  stages: { stage: string; state: string; summary?: string; error?: { message: string } }[];
}

/** Posts `spec` and answers the status of the environment `name` once it stopped running. */
export async function deployAndWait(
  stack: LocalStack,
  spec: unknown,
  name: string,
  deadlineMs = 300_000,
): Promise<DeploymentStatus> {
  const started = await stack.api('POST', '/api/environments', spec);
  assert.equal(started.status, 202, JSON.stringify(started.body));
  let status: DeploymentStatus = { runtimeStatus: 'Pending', stages: [] };
  await until(
    async () => {
      status = (await stack.api('GET', `/api/environments/${name}`))
        .body as unknown as DeploymentStatus;
      return !['Running', 'Pending'].includes(status.runtimeStatus);
    },
    { deadlineMs, what: `the deployment of ${name} to finish` },
  );
  return status;
}

/**
 * A local stack with the user's public zone `contoso.example` (subscription `subscriptionId`,
 * group rg-dns) on which `spec` has been deployed, `name` completed.
 */
export async function startDeployed(
  subscriptionId: string,
  spec: unknown,
  name: string,
): Promise<LocalStack> {
  const stack = await startLocalStack({
    publicZones: [{ subscriptionId, resourceGroup: 'rg-dns', zone: 'contoso.example' }],
  });
  const first = await deployAndWait(stack, spec, name);
  assert.equal(first.runtimeStatus, 'Completed', JSON.stringify(first, null, 2));
  return stack;
}
