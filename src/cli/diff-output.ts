// What `diff` prints: one row per resource with its change, the JSON paths that differ, a summary;
// or only "no changes".
import type { ResourceDiff } from '../environments/index.js';
import { replacesLine } from '../plan/index.js';
import { changeCounts } from './plan-changes.js';
import { displayName } from './resource-names.js';
import { renderTable } from './table.js';

/** Whether a deployment would change anything (exit code 1). */
export function hasChanges(diffs: readonly ResourceDiff[]): boolean {
  return diffs.some((d) => d.change.action !== 'unchanged');
}

/**
 * "no changes" when a deployment would change nothing; otherwise `heading`, the table, what
 * differs in each resource that changes, and the counts.
 */
export function diffText(diffs: readonly ResourceDiff[], heading: string): string {
  if (!hasChanges(diffs)) return 'no changes\n';
  const rows = diffs.map((d) => [d.change.action, d.resource.type, displayName(d.resource)]);
  const counts = changeCounts(new Map(diffs.map((d) => [d.resource.id, d.change])));
  return `${heading}\n\n${renderTable(['CHANGE', 'TYPE', 'NAME'], rows)}\n${details(diffs)}${counts}\n`;
}

/**
 * Per resource that changes: what the deployment does and the paths that differ (a deletion: why),
 * indented.
 */
function details(diffs: readonly ResourceDiff[]): string {
  const blocks = diffs.flatMap((d) => {
    const { change } = d;
    if (change.action === 'unchanged') return [];
    const name = displayName(d.resource);
    const title =
      change.action === 'replace'
        ? `${replacesLine(name, change.replaces)}: deleted, then created again`
        : `${change.action} ${name}`;
    const drift = change.action === 'update' || change.action === 'replace' ? change.drift : [];
    const lines = [...drift, ...(d.note ? [d.note] : [])];
    if (change.action === 'create' && lines.length === 0) return [];
    return [[title, ...lines.map((line) => `  ${line}`)].join('\n')];
  });
  return blocks.length > 0 ? `${blocks.join('\n')}\n\n` : '';
}
