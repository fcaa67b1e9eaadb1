// What the dashboard's chart shows: SQL accesses per source IP over a sliding window, each source
// labelled by the container group that owns the IP. Pure: the counts come from the access table
// (WorkloadDatabase.accessCounts), the owners from ARM (group-status.ts).
import type { AccessCount } from '../../shared/database/workload-database.js';
import type { GroupStatus } from './group-status.js';

/** The chart's window: accesses of the last five minutes. */
export const ACCESS_WINDOW_SECONDS = 300;

/** At most this many bars; the rest of the sources are counted in `otherSources`. */
export const MAX_BARS = 24;

/** One bar: the accesses the database saw from one source IP. */
export interface AccessBar {
  sourceIp: string;
  count: number;
  /** The group that owns `sourceIp`: the one ARM says holds it now, else the one the access rows name. */
  containerGroup: string;
  /** `arm`: a group holds this IP now; `access-log`: none does (restarted, deleted, or not in ARM). */
  labelFrom: 'arm' | 'access-log';
}

/** The chart's data, as `/api/accesses` and each `accesses` event of the stream carry it. */
export interface AccessSnapshot {
  /** When the access table was read (ISO 8601). */
  at: string;
  windowSeconds: number;
  /** Start of the window (ISO 8601): accesses at or after it are counted. */
  since: string;
  total: number;
  bars: AccessBar[];
  /** Sources beyond MAX_BARS, not drawn. */
  otherSources: number;
}

/** The window's start for `at`. */
export function windowStart(at: Date, windowSeconds = ACCESS_WINDOW_SECONDS): Date {
  return new Date(at.getTime() - windowSeconds * 1000);
}

interface Source {
  count: number;
  /** Access count by the group name the rows carry. */
  recorded: Map<string, number>;
}

function bySource(counts: readonly AccessCount[]): Map<string, Source> {
  const sources = new Map<string, Source>();
  for (const row of counts) {
    const source = sources.get(row.sourceIp) ?? { count: 0, recorded: new Map() };
    source.count += row.count;
    source.recorded.set(
      row.containerGroup,
      (source.recorded.get(row.containerGroup) ?? 0) + row.count,
    );
    sources.set(row.sourceIp, source);
  }
  return sources;
}

/** The recorded group names, most accesses first: one IP may have served two groups in turn. */
function recordedLabel(recorded: Map<string, number>): string {
  return [...recorded]
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([name]) => name)
    .join(', ');
}

const byCountThenIp = (a: AccessBar, b: AccessBar) =>
  b.count - a.count || a.sourceIp.localeCompare(b.sourceIp, 'en', { numeric: true });

/**
 * One bar per source IP, most accesses first. A group holding the IP in ARM labels its bar; when
 * no group holds it (a restarted group got a new IP, or the rows come from elsewhere), the group
 * names the access rows carry label it instead, so a bar is never anonymous.
 */
export function accessBars(
  counts: readonly AccessCount[],
  groups: readonly GroupStatus[],
): AccessBar[] {
  const owners = new Map(groups.flatMap((g) => (g.ip ? [[g.ip, g.name] as const] : [])));
  return [...bySource(counts)]
    .map(([sourceIp, source]): AccessBar => {
      const owner = owners.get(sourceIp);
      return owner
        ? { sourceIp, count: source.count, containerGroup: owner, labelFrom: 'arm' }
        : {
            sourceIp,
            count: source.count,
            containerGroup: recordedLabel(source.recorded),
            labelFrom: 'access-log',
          };
    })
    .sort(byCountThenIp);
}

/** The chart's data for the window ending at `at`. */
export function accessSnapshot(input: {
  counts: readonly AccessCount[];
  groups: readonly GroupStatus[];
  at: Date;
  windowSeconds?: number;
}): AccessSnapshot {
  const windowSeconds = input.windowSeconds ?? ACCESS_WINDOW_SECONDS;
  const bars = accessBars(input.counts, input.groups);
  return {
    at: input.at.toISOString(),
    windowSeconds,
    since: windowStart(input.at, windowSeconds).toISOString(),
    total: bars.reduce((sum, bar) => sum + bar.count, 0),
    bars: bars.slice(0, MAX_BARS),
    otherSources: Math.max(0, bars.length - MAX_BARS),
  };
}
