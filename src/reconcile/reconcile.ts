// One reconcile pass: private DNS records and gateway backend pools follow the groups' IPs.
import {
  describeRecordChange,
  environmentContext,
  followPools,
  followRecords,
  listGroupAddresses,
  restartingGroups,
  runningWriter,
  type RecordChange,
} from '../environments/index.js';
import type { AppServices } from '../services.js';
import { notReady, type NotReady } from '../workflows/activity.js';

export interface ReconcileReport {
  environment: string;
  recordChanges: RecordChange[];
  /** Backend pools whose addresses were rewritten. */
  poolsChanged: string[];
  addresses: Record<string, string | null>;
  summary: string;
}

export interface ReconcileOptions {
  /**
   * Hold the records and backends of restarting groups (no IP yet, on their way back) and leave
   * the gateway alone while any group restarts, answering "not ready"; false once the
   * orchestrator has waited long enough: then a group without an IP loses its record and backend.
   */
  waitForRestarts: boolean;
}

/**
 * One reconcile pass: gather every group's IP, compare with the private A records and the
 * gateway's backend pools, and write only what differs (one gateway PUT at most, If-Match).
 * Reads of an environment whose groups all run: three, whatever the number of groups (one list
 * of its container groups, one of its zone's A records, the gateway: group-listing.ts).
 * While a group restarts, its record stays as it is and the gateway is not written: the pass
 * writes only the records of the other groups and answers "not ready", so that the gateway,
 * whose PUT takes minutes, is written once when every group has its IP. "Not ready" too while an
 * operation on the gateway runs. A pass that finds the environment's deployment running writes
 * nothing at all: the deployment writes the records and the gateway itself (gateway-writers.ts).
 */
export async function reconcileEnvironment(
  services: AppServices,
  rawSpec: unknown,
  options: ReconcileOptions,
): Promise<ReconcileReport | NotReady> {
  const ctx = environmentContext(services, rawSpec, 'reconcile');
  const deployment = await runningWriter(services.instances, 'deployment', ctx.spec.name);
  if (deployment) {
    const summary = `${deployment} is running and writes the records and the gateway itself: nothing written`;
    ctx.log(summary);
    return {
      environment: ctx.spec.name,
      recordChanges: [],
      poolsChanged: [],
      addresses: {},
      summary,
    };
  }
  const addresses = await listGroupAddresses(ctx);
  const restarting = options.waitForRestarts ? restartingGroups(addresses) : [];
  const records = await followRecords(ctx, addresses, {
    holdRestarting: options.waitForRestarts,
  });
  if (restarting.length > 0) {
    const message = `waiting for restarting container groups: ${restarting.join(', ')}`;
    ctx.log([...records.map(describeRecordChange), message].join(', '));
    return notReady(message);
  }
  const pools = await followPools(ctx, addresses);
  if ('busy' in pools) {
    ctx.log([...records.map(describeRecordChange), pools.busy].join(', '));
    return notReady(pools.busy);
  }
  const summary =
    records.length + pools.length === 0
      ? 'in sync: nothing to write'
      : [...records.map(describeRecordChange), ...pools.map((p) => `pool ${p} updated`)].join(', ');
  ctx.log(summary);
  return {
    environment: ctx.spec.name,
    recordChanges: records,
    poolsChanged: pools,
    addresses: Object.fromEntries(addresses.map((a) => [a.role.recordName, a.ip ?? null])),
    summary,
  };
}
