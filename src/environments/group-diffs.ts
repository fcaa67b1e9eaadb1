/**
 * Pure diffs between what the container groups say and what DNS and the gateway hold, in the
 * shape of cert-manager's checks: each returns what must change, or nothing.
 */

export interface RecordState {
  recordName: string;
  /** The group's current IP; undefined when it has none (stopped, deleted, starting). */
  groupIp: string | undefined;
  /** What the private A record holds now; undefined when there is no record. */
  recordIp: string | undefined;
}

export type RecordChange =
  | { action: 'upsert'; recordName: string; ip: string; was: string | undefined }
  | { action: 'delete'; recordName: string; was: string };

/** Records follow the groups; a group without an IP loses its record, so no name points at an IP another group may get. */
export function recordChanges(states: readonly RecordState[]): RecordChange[] {
  return states.flatMap((s): RecordChange[] => {
    if (s.groupIp && s.groupIp !== s.recordIp)
      return [{ action: 'upsert', recordName: s.recordName, ip: s.groupIp, was: s.recordIp }];
    if (!s.groupIp && s.recordIp)
      return [{ action: 'delete', recordName: s.recordName, was: s.recordIp }];
    return [];
  });
}

export type Pools = Record<string, readonly string[]>;

/** The pools whose address sets differ (order does not matter). */
export function poolChanges(actual: Pools, desired: Pools): string[] {
  return Object.entries(desired)
    .filter(([pool, addresses]) => !sameSet(actual[pool] ?? [], addresses))
    .map(([pool]) => pool)
    .sort();
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
}
