// A stage's report from the resources it applied: how many were created, updated, unchanged.
import type { AppliedResource } from '../environments/index.js';
import type { StageReport } from './types.js';

/** Counts what a stage did, for its one-line summary. */
export function reportOf(
  applied: readonly Pick<AppliedResource, 'changed' | 'drift'>[],
  outputs: StageReport['outputs'] = {},
  extra?: string,
): StageReport {
  const created = applied.filter((a) => a.drift.includes('(absent)')).length;
  const updated = applied.filter((a) => a.changed).length - created;
  const unchanged = applied.length - created - updated;
  const parts = [
    created ? `${created} created` : '',
    updated ? `${updated} updated` : '',
    unchanged ? `${unchanged} unchanged` : '',
    extra ?? '',
  ].filter(Boolean);
  return { summary: parts.join(', ') || 'nothing to do', created, updated, unchanged, outputs };
}
