// A stage's report from the resources it applied: how many were created, updated, replaced,
// unchanged.
import type { AppliedResource } from '../environments/index.js';
import { replacesLine } from '../plan/index.js';
import type { StageReport } from './types.js';

type Applied = Pick<AppliedResource, 'changed' | 'drift'> &
  Partial<Pick<AppliedResource, 'name' | 'replaces'>>;

/**
 * Counts what a stage did, for its one-line summary; each replaced resource is named with what
 * forced it ("replaces ci-x-app-1 (CPU of container 'web' changed)").
 */
export function reportOf(
  applied: readonly Applied[],
  outputs: StageReport['outputs'] = {},
  extra?: string,
): StageReport {
  const created = applied.filter((a) => a.drift.includes('(absent)')).length;
  const replaced = applied.filter((a) => a.replaces?.length);
  const updated = applied.filter((a) => a.changed).length - created - replaced.length;
  const unchanged = applied.length - created - updated - replaced.length;
  const parts = [
    created ? `${created} created` : '',
    updated ? `${updated} updated` : '',
    ...replaced.map((a) => replacesLine(a.name ?? '?', a.replaces ?? [])),
    unchanged ? `${unchanged} unchanged` : '',
    extra ?? '',
  ].filter(Boolean);
  return {
    summary: parts.join(', ') || 'nothing to do',
    created,
    updated,
    ...(replaced.length > 0 ? { replaced: replaced.length } : {}),
    unchanged,
    outputs,
  };
}
