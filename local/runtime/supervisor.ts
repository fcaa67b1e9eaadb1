// Keeps the processes in step with what the emulator reports: a group ACI reports Running with an
// address runs here on that address; a restart (new start time or new address), a stop or a delete
// ends its run first. Level-triggered: it compares records with runs on every poll, so a missed
// change is caught by the next one.
import type { GroupRun, GroupStatus } from './group-run.js';
import type { ArmRecord } from './types.js';

const GROUP_TYPE = 'microsoft.containerinstance/containergroups';

interface RunTarget {
  privateIp: string;
  /** Changes with every start of the group's containers: address and start time. */
  key: string;
}

/** What should run for a group record now, if anything. */
export function runTarget(record: ArmRecord): RunTarget | undefined {
  if (record.type.toLowerCase() !== GROUP_TYPE) return undefined;
  const view = record.properties.instanceView as { state?: string } | undefined;
  const ip = (record.properties.ipAddress as { ip?: unknown } | undefined)?.ip;
  if (view?.state !== 'Running' || typeof ip !== 'string') return undefined;
  const containers = Array.isArray(record.properties.containers)
    ? (record.properties.containers as {
        properties?: { instanceView?: { currentState?: { startTime?: string } } };
      }[])
    : [];
  const started = containers[0]?.properties?.instanceView?.currentState?.startTime ?? '';
  return { privateIp: ip, key: `${ip}|${started}` };
}

export interface Supervisor {
  sync(records: readonly ArmRecord[]): void;
  statuses(): GroupStatus[];
  /** Resolves when every transition queued so far has finished. */
  settled(): Promise<void>;
  stopAll(): Promise<void>;
}

export function createSupervisor(
  start: (record: ArmRecord, privateIp: string) => GroupRun,
  log: (line: string) => void,
): Supervisor {
  const runs = new Map<string, GroupRun>();
  /** The key each group is running or moving to (undefined: stopped or stopping). */
  const targets = new Map<string, string | undefined>();
  const queues = new Map<string, Promise<void>>();
  let closed = false;

  function enqueue(id: string, step: () => Promise<void>): void {
    const next = (queues.get(id) ?? Promise.resolve())
      .then(step)
      .catch((error: unknown) => log(`${id}: ${String(error)}`));
    queues.set(id, next);
  }

  function moveTo(id: string, record: ArmRecord | undefined, target: RunTarget | undefined) {
    targets.set(id, target?.key);
    enqueue(id, async () => {
      const current = runs.get(id);
      runs.delete(id);
      if (current) await current.stop();
      if (record && target && !closed) runs.set(id, start(record, target.privateIp));
    });
  }

  return {
    sync(records) {
      if (closed) return;
      const seen = new Set<string>();
      for (const record of records) {
        const id = record.id.toLowerCase();
        seen.add(id);
        const target = runTarget(record);
        if (targets.get(id) !== target?.key) moveTo(id, record, target);
      }
      for (const id of [...targets.keys()]) {
        if (!seen.has(id) && targets.get(id) !== undefined) moveTo(id, undefined, undefined);
      }
    },
    statuses: () => [...runs.values()].map((run) => run.status()),
    settled: async () => {
      await Promise.all(queues.values());
    },
    async stopAll() {
      closed = true;
      await Promise.all(queues.values());
      await Promise.all([...runs.values()].map((run) => run.stop()));
      runs.clear();
    },
  };
}
