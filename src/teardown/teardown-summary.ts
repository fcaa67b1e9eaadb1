// The end of a teardown for people: pure, from the inventory and what each step did.
import type { Inventory, StepReport, TargetOutcome, TeardownSummary } from './types.js';

/**
 * `containerGroups/ci-x-app-1`; `resource group rg-x`; a role assignment with what it is on
 * (`roleAssignments/<guid> on registries/acrx`), a record set as `CNAME app.contoso.example`.
 */
export function resourceLabel(id: string): string {
  const record =
    /\/(dnszones|privatednszones)\/([^/]+)\/(A|AAAA|CAA|CNAME|MX|NS|PTR|SOA|SRV|TXT)\/([^/]+)$/i.exec(
      id,
    );
  if (record) {
    const [, kind = '', zone = '', type = '', name = ''] = record;
    const fqdn = name === '@' ? zone : `${name}.${zone}`;
    return `${type.toUpperCase()} ${fqdn} (${kind.toLowerCase() === 'dnszones' ? 'public' : 'private'} zone)`;
  }
  const group = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)$/i.exec(id)?.[1];
  if (group) return `resource group ${group}`;
  const parts = id.split('/providers/');
  const last = (parts.at(-1) ?? id).split('/').slice(1).join('/');
  if (parts.length <= 2) return last;
  const scope = (parts.at(-2) ?? '').split('/').slice(1).join('/');
  return `${last} on ${scope}`;
}

/**
 * Deleted: what a step deleted, or found gone though it existed when the teardown started (an
 * earlier run of the step deleted it before a crash or a wait). Already gone: absent from the
 * start. Soft-deleted: the Key Vault, which Azure keeps recoverable (whoever deleted it). Kept:
 * what a step left, with its reason.
 */
export function teardownSummary(
  environment: string,
  inventory: Inventory,
  reports: readonly StepReport[],
  extraKept: readonly { resource: string; why: string }[] = [],
): TeardownSummary {
  const present = new Set(
    inventory.targets.filter((t) => t.present).map((t) => t.id.toLowerCase()),
  );
  const summary: TeardownSummary = {
    environment,
    deleted: [],
    alreadyGone: [],
    softDeleted: [],
    kept: [...extraKept],
    notes: [...inventory.notes],
  };
  const runOnce = new Set(
    inventory.targets.filter((t) => t.runOnce).map((t) => t.id.toLowerCase()),
  );
  for (const outcome of reports.flatMap((r) => r.outcomes))
    place(summary, outcome, present, runOnce);
  return summary;
}

function place(
  summary: TeardownSummary,
  outcome: TargetOutcome,
  present: ReadonlySet<string>,
  runOnce: ReadonlySet<string>,
) {
  const resource = resourceLabel(outcome.id);
  if (outcome.outcome === 'kept') {
    summary.kept.push({ resource, why: outcome.why ?? 'no reason given' });
    return;
  }
  if (outcome.softDeleted) {
    summary.softDeleted.push({
      resource,
      ...(outcome.softDeleted.recoverableUntil
        ? { recoverableUntil: outcome.softDeleted.recoverableUntil }
        : {}),
      note: softDeletedNote(outcome.softDeleted),
    });
    return;
  }
  const gone = outcome.outcome === 'deleted' || present.has(outcome.id.toLowerCase());
  // A run-once group is gone once it has run: its absence says nothing.
  if (!gone && runOnce.has(outcome.id.toLowerCase())) return;
  (gone ? summary.deleted : summary.alreadyGone).push(resource);
}

function softDeletedNote(deletion: NonNullable<TargetOutcome['softDeleted']>): string {
  const until = deletion.recoverableUntil ? ` until ${deletion.recoverableUntil.slice(0, 10)}` : '';
  const purge = deletion.purgeProtection
    ? 'purge protection keeps anyone from purging it before then'
    : 'it can be purged by hand (az keyvault purge), which deletes its certificates and secrets for good';
  return `soft-deleted, not purged: recoverable with its certificate and secrets${until}; deploying the environment again recovers it; ${purge}`;
}

/** One line for a step's report: `3 deleted, 1 already gone, 1 kept`. */
export function stepSummaryLine(outcomes: readonly TargetOutcome[]): string {
  const count = (o: TargetOutcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  const soft = outcomes.filter((o) => o.softDeleted && o.outcome !== 'kept').length;
  const parts = [
    `${count('deleted') - soft} deleted`,
    ...(soft > 0 ? [`${soft} soft-deleted`] : []),
    ...(count('absent') > 0 ? [`${count('absent')} not found`] : []),
    ...(count('kept') > 0 ? [`${count('kept')} kept`] : []),
  ];
  return outcomes.length === 0 ? 'nothing to delete' : parts.join(', ');
}
