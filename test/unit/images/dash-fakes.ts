// Builders for the dashboard tests: an in-memory access table behind the WorkloadDatabase
// interface, a clock that moves only when told, and groups as the dashboard reads them.
import type {
  AccessCount,
  AccessRecord,
  WorkloadDatabase,
} from '../../../images/shared/database/workload-database.js';
import type { GroupStatus } from '../../../images/dash/src/group-status.js';

export const GROUPS =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups';

export function clock(start = '2026-11-26T10:00:00Z') {
  let at = new Date(start).getTime();
  return {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
}

/**
 * The access table in memory. `recordFrom` stands for an api whose connections come from
 * `sourceIp`; `recordAccess` (the interface's) uses `defaultSource`. Counts accesses as both
 * engines do: since a time, by source and group, most first.
 */
export function memoryDatabase(now: () => Date, defaultSource = '10.0.0.4') {
  const rows: AccessRecord[] = [];
  const calls = { accessCounts: 0 };
  let failure: Error | undefined;
  const database = {
    version: () => Promise.resolve('in-memory 1.0'),
    sourceIp: () => Promise.resolve(defaultSource),
    recordAccess(containerGroup: string) {
      const row = { sourceIp: defaultSource, containerGroup, at: now() };
      rows.push(row);
      return Promise.resolve(row);
    },
    accessCounts(since: Date): Promise<AccessCount[]> {
      calls.accessCounts += 1;
      if (failure) return Promise.reject(failure);
      const counts = new Map<string, AccessCount>();
      for (const row of rows.filter((r) => r.at.getTime() >= since.getTime())) {
        const key = `${row.sourceIp} ${row.containerGroup}`;
        const count = counts.get(key) ?? { ...row, count: 0 };
        counts.set(key, {
          sourceIp: row.sourceIp,
          containerGroup: row.containerGroup,
          count: count.count + 1,
        });
      }
      return Promise.resolve([...counts.values()].sort((a, b) => b.count - a.count));
    },
    close: () => Promise.resolve(),
  } satisfies WorkloadDatabase;
  return {
    database,
    calls,
    recordFrom(sourceIp: string, containerGroup: string, times = 1) {
      for (let i = 0; i < times; i += 1) rows.push({ sourceIp, containerGroup, at: now() });
    },
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

export function group(name: string, ip: string | null, state = 'Running'): GroupStatus {
  return { id: `${GROUPS}/${name}`, name, state, ip, restartCount: 0 };
}
