// Starts a certificate renewal for every deployed environment, from the renewal timer.
import type { DurableClient } from 'durable-functions';
import {
  deployedEnvironments,
  instanceIdOf,
  isActive,
  lastDeployedSpec,
  statusOrUndefined,
} from '../environments/index.js';
import { RENEWAL_ORCHESTRATOR, type RenewalInput } from './renewal.orchestrator.js';

type Client = Pick<DurableClient, 'getStatus' | 'startNew' | 'getStatusAll'>;

/** Starts a renewal for every deployed environment that has none running; one log line each. */
export async function startRenewals(client: Client): Promise<string[]> {
  const lines: string[] = [];
  for (const environment of await deployedEnvironments(client)) {
    const deployed = await lastDeployedSpec(client, environment);
    if ('skipped' in deployed) {
      lines.push(`renewal of ${environment} skipped: ${deployed.skipped}`);
      continue;
    }
    const instanceId = instanceIdOf('renewal', environment);
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
