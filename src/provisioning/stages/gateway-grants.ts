// Whether the gateway's identity can read its certificate yet. Application Gateway fetches the
// secret with its own user-assigned identity when a PUT completes, and fails the PUT, or later
// disables the HTTPS listener for up to four hours, when that identity's grant has not applied
// (retry-policies.ts ROLE_ASSIGNMENT_APPLIES_MS). This app cannot call Key Vault as that identity,
// so it counts from the grant's `createdOn`, which ARM sets on every role assignment.
import { createdOnOf } from '../../certs/vault-grants.js';
import type { PlannedResource } from '../../plan/index.js';
import { notReady, type NotReady } from '../../workflows/activity.js';
import type { StageContext } from '../stage-context.js';

const ROLE_ASSIGNMENT = /\/providers\/Microsoft\.Authorization\/roleAssignments\//i;

/** A grant the gateway's body depends on, as ARM holds it. */
export interface GatewayGrant {
  id: string;
  /** `absent` when ARM holds no such assignment; undefined when ARM did not say when. */
  createdOn: Date | 'absent' | undefined;
}

/** A wait's remainder as a person reads it: minutes, or whole seconds under one. */
const duration = (ms: number) =>
  ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min` : `${Math.ceil(ms / 1_000)} s`;

/**
 * What still keeps the gateway from reading its certificate, or undefined when every grant has
 * been applied for `applyMs`. A grant whose creation ARM did not report counts as applied: ARM
 * reports it on every assignment, and waiting for a date that never comes would only fail later.
 */
export function pendingGatewayGrants(
  grants: readonly GatewayGrant[],
  now: Date,
  applyMs: number,
): string | undefined {
  const absent = grants.filter((g) => g.createdOn === 'absent').map((g) => g.id);
  if (absent.length > 0)
    return `the gateway identity's Key Vault role assignments do not exist yet: ${absent.join(', ')}`;
  const appliesAt = Math.max(
    0,
    ...grants.map((g) => (g.createdOn instanceof Date ? g.createdOn.getTime() + applyMs : 0)),
  );
  const left = appliesAt - now.getTime();
  if (left <= 0) return undefined;
  return `the gateway identity's new Key Vault role assignment to apply (Azure takes up to 10 minutes; about ${duration(left)} left): until then the gateway fails to read its certificate and would leave the HTTPS listener disabled`;
}

/** "Not ready" while the grants `gateway` depends on (its identity's, in the vault) may not apply. */
export async function gatewayGrantsNotReady(
  ctx: StageContext,
  gateway: PlannedResource,
): Promise<NotReady | undefined> {
  const planned = gateway.dependsOn.flatMap((id) => {
    const grant = ROLE_ASSIGNMENT.test(id)
      ? ctx.plan.resources.find((r) => r.id === id)
      : undefined;
    return grant ? [grant] : [];
  });
  const grants = await Promise.all(
    planned.map(async (grant): Promise<GatewayGrant> => {
      const actual = await ctx.apply.store.get(grant.id, grant.apiVersion);
      return {
        id: grant.id,
        createdOn: actual ? createdOnOf(actual.properties?.createdOn) : 'absent',
      };
    }),
  );
  const pending = pendingGatewayGrants(
    grants,
    new Date(),
    ctx.services.settings.roleAssignmentApplyMs,
  );
  return pending ? notReady(pending) : undefined;
}
