// The history of the public zones' record sets: every version with the time it was written (or
// deleted), so that a name server can answer from the zone as it was its propagation delay ago.
// Versions are copies: a later write to the stored resource never rewrites history.
import { key } from '../../arm/resource-id.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, RecordSetVersion } from '../../core/model.js';

/** Records that the record set `id` is `recordSet` from now on (`undefined`: deleted now). */
export function journalRecordSet(
  ctx: EmulatorContext,
  id: string,
  recordSet: ArmResource | undefined,
): void {
  const versions = ctx.state.nameServerJournal.get(key(id)) ?? [];
  versions.push({ at: ctx.clock.now(), recordSet: recordSet && structuredClone(recordSet) });
  ctx.state.nameServerJournal.set(key(id), versions);
}

/** The latest version of each record set, as journaled (deleted ones included). */
export function latestVersions(ctx: EmulatorContext): Map<string, RecordSetVersion> {
  const latest = new Map<string, RecordSetVersion>();
  for (const [id, versions] of ctx.state.nameServerJournal) {
    const last = versions.at(-1);
    if (last) latest.set(id, last);
  }
  return latest;
}

/** Every record set (by lower-case id) as it was at `at`; absent when it did not exist then. */
export function recordSetsAsOf(ctx: EmulatorContext, at: number): Map<string, ArmResource> {
  const asOf = new Map<string, ArmResource>();
  for (const [id, versions] of ctx.state.nameServerJournal) {
    const version = versions.filter((v) => v.at <= at).at(-1);
    if (version?.recordSet) asOf.set(id, version.recordSet);
  }
  return asOf;
}

/**
 * Forgets what no server can see any more: versions older than the newest one already visible at
 * `horizon` (what the slowest server sees), and record sets deleted before it.
 */
export function pruneJournal(ctx: EmulatorContext, horizon: number): void {
  for (const [id, versions] of ctx.state.nameServerJournal) {
    const visible = versions.filter((v) => v.at <= horizon).length - 1;
    const kept = visible > 0 ? versions.slice(visible) : versions;
    const [only] = kept;
    const goneForAll =
      kept.length === 1 && only !== undefined && !only.recordSet && only.at <= horizon;
    if (goneForAll) ctx.state.nameServerJournal.delete(id);
    else ctx.state.nameServerJournal.set(id, kept);
  }
}
