import type { DurableClient } from 'durable-functions';
import { isActive, lastDeployedSpec, statusOrUndefined } from '../provisioning/environments-api.js';
import { deployedEnvironments } from '../reconcile/request-reconcile.js';
import { RENEWAL_ORCHESTRATOR, type RenewalInput } from './renewal.orchestrator.js';

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'getStatusAll'>;

export function renewalInstanceId(environment: string): string {
  return `renew-${environment}`;
}

/** Starts a renewal for every deployed environment that has none running; one log line each. */
export async function startRenewals(client: Client): Promise<string[]> {
  const lines: string[] = [];
  for (const environment of await deployedEnvironments(client)) {
    const deployed = await lastDeployedSpec(client, environment);
    if ('skipped' in deployed) {
      lines.push(`renewal of ${environment} skipped: ${deployed.skipped}`);
      continue;
    }
    const instanceId = renewalInstanceId(environment);
    const current = await statusOrUndefined(client, instanceId);
    if (current && isActive(current.runtimeStatus)) {
      lines.push(`renewal of ${environment} is already running`);
      continue;
    }
    const input: RenewalInput = { environment, spec: deployed.spec };
    await client.startNew(RENEWAL_ORCHESTRATOR, { instanceId, input });
    lines.push(`renewal of ${environment} started (${instanceId})`);
  }
  return lines;
}
