// GET /api/status/data: every environment the app deployed, from the Durable store (deployments,
// heals, renewals) and from ARM and Key Vault now (groups, pools, certificate).
import type { DurableClient } from 'durable-functions';
import { deployedEnvironments, instanceIdOf, statusOrUndefined } from '../environments/index.js';
import type { DeploymentRecord } from '../environments/index.js';
import { deploymentStatus, type DeploymentStatusBody } from '../provisioning/environments-api.js';
import type { AppServices } from '../services.js';
import { statusData } from './assemble.js';
import { deploymentView } from './deployment-view.js';
import { recentEvents, type InstanceRecord } from './events.js';
import { liveCache, type LiveCache } from './live-cache.js';
import { readLiveParts, type LiveParts } from './live-reads.js';
import type { EnvironmentView, StatusData } from './types.js';

type Client = Pick<DurableClient, 'getStatus' | 'getStatusAll' | 'startNew'>;

export interface StatusReader {
  read(client: Client): Promise<StatusData>;
}

/** One reader per process: it holds the cache of live parts (live-cache.ts). */
export function statusReader(services: () => AppServices): StatusReader {
  let cache: LiveCache<LiveParts> | undefined;
  return {
    async read(client) {
      const app = services();
      cache ??= liveCache(() => app.now().getTime());
      const names = await deployedEnvironments(client);
      const views = await Promise.all(
        names.map((name) => readEnvironment(client, app, cache!, name)),
      );
      return statusData(views, app.now());
    },
  };
}

async function readEnvironment(
  client: Client,
  services: AppServices,
  cache: LiveCache<LiveParts>,
  name: string,
): Promise<EnvironmentView> {
  const [answer, record, reconcile, renewal] = await Promise.all([
    deploymentStatus(client, name),
    statusOrUndefined(client, instanceIdOf('deployment', name), true),
    instanceRecord(client, instanceIdOf('reconcile', name)),
    instanceRecord(client, instanceIdOf('renewal', name)),
  ]);
  const deployment =
    answer.status === 200
      ? deploymentView(answer.jsonBody as DeploymentStatusBody, services.now())
      : undefined;
  const spec = (record?.input as Partial<DeploymentRecord> | undefined)?.spec;
  const key = [deployment?.lastUpdatedTime, reconcile?.lastUpdatedTime, renewal?.lastUpdatedTime]
    .map((t) => t ?? '-')
    .join('|');
  const live: LiveParts = spec
    ? await cache.get(name, key, () => readLiveParts(services, spec))
    : noSpec(name);
  return {
    name,
    ...(deployment ? { deployment } : {}),
    ...live,
    events: recentEvents(reconcile, renewal),
  };
}

function noSpec(name: string): LiveParts {
  const error = `the deployment of ${name} kept no spec: nothing to read`;
  return {
    groups: { ok: false, error },
    pools: { ok: false, error },
    certificate: { ok: false, error },
  };
}

async function instanceRecord(
  client: Client,
  instanceId: string,
): Promise<InstanceRecord | undefined> {
  const status = await statusOrUndefined(client, instanceId, true);
  if (!status) return undefined;
  return {
    instanceId: status.instanceId,
    runtimeStatus: String(status.runtimeStatus),
    createdTime: new Date(status.createdTime).toISOString(),
    lastUpdatedTime: new Date(status.lastUpdatedTime).toISOString(),
    input: status.input,
    customStatus: status.customStatus,
    output: status.output,
  };
}
