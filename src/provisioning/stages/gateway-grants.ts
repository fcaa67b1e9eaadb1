// Whether the gateway's identity can read its certificate yet. Application Gateway fetches the
// secret with its own user-assigned identity when a PUT completes, and fails the PUT, or later
// disables the HTTPS listener for up to four hours, when that identity's grant has not applied
// (retry-policies.ts ROLE_ASSIGNMENT_APPLIES_MS). This app cannot call Key Vault as that identity,
// so it counts from the grant's `createdOn`, which ARM sets on every role assignment. An older
// assignment of the same role to the same identity at or above the planned scope counts from its
// own date: `azd provision` makes one on the resource group for the environments listed in
// `preparedEnvironments` (infra/prepared-environment.bicep), so that their first deployment does
// not wait.
import type { ArmResource } from '../../azure/resources.js';
import { createdOnOf } from '../../certs/vault-grants.js';
import { apiVersionOf, findReferences, type PlannedResource } from '../../plan/index.js';
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

/** A role assignment as ARM lists it, the fields that decide whether it reaches a planned one. */
export interface ListedAssignment {
  principalId: unknown;
  roleDefinitionId: unknown;
  scope: unknown;
  createdOn: unknown;
}

const lower = (value: unknown) =>
  (typeof value === 'string' ? value : '').toLowerCase().replace(/\/+$/, '');

/**
 * A role definition by its GUID: ARM answers a built-in role's id with or without the
 * subscription in front (`/subscriptions/{s}/providers/…/roleDefinitions/{guid}`).
 */
const roleGuid = (id: unknown) => lower(id).split('/').at(-1) ?? '';

/** `scope` is `target` or above it (an assignment on a resource group reaches its vaults' secrets). */
export function reaches(scope: unknown, target: unknown): boolean {
  if (typeof scope !== 'string' || scope === '') return false;
  const s = lower(scope);
  const t = lower(target);
  return s === t || t.startsWith(`${s}/`);
}

/**
 * The planned grant as Key Vault sees it: when an assignment of the same role to the same
 * principal at or above its scope is older, that one decides when the gateway may read.
 */
export function effectiveGrant(
  planned: GatewayGrant & { scope: string; roleDefinitionId: string; principalId: string },
  listed: readonly ListedAssignment[],
): GatewayGrant {
  const covering = listed
    .filter(
      (a) =>
        lower(a.principalId) === lower(planned.principalId) &&
        roleGuid(a.roleDefinitionId) === roleGuid(planned.roleDefinitionId) &&
        reaches(a.scope, planned.scope),
    )
    .map((a) => createdOnOf(a.createdOn))
    .filter((d): d is Date => d !== undefined);
  const own = planned.createdOn instanceof Date ? [planned.createdOn] : [];
  const earliest = [...own, ...covering].sort((a, b) => a.getTime() - b.getTime())[0];
  if (earliest) return { id: planned.id, createdOn: earliest };
  return { id: planned.id, createdOn: planned.createdOn };
}

const ASSIGNMENT_API = apiVersionOf('Microsoft.Authorization/roleAssignments');
const IDENTITY_API = apiVersionOf('Microsoft.ManagedIdentity/userAssignedIdentities');

/** The resource group of an id: where the principal's assignments at, above and below are listed. */
const resourceGroupOf = (id: string) =>
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(id)?.[0];

/** The principal a planned grant names: its `${ref:<identity>:properties.principalId}`. */
async function principalOf(
  ctx: StageContext,
  grant: PlannedResource,
  actual: ArmResource | undefined,
): Promise<string | undefined> {
  const held = actual?.properties?.principalId;
  if (typeof held === 'string') return held;
  const principal = (grant.body.properties as Record<string, unknown> | undefined)?.principalId;
  const identity = findReferences(principal).find((r) => r.kind === 'ref');
  if (identity?.kind !== 'ref') return undefined;
  const found = await ctx.apply.store.get(identity.resourceId, IDENTITY_API);
  const id = found?.properties?.principalId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The planned grant, counted from an older assignment that reaches as far when there is one. Only
 * asked while the planned grant alone would wait: a redeployment reads nothing more.
 */
async function gatewayGrant(ctx: StageContext, grant: PlannedResource): Promise<GatewayGrant> {
  const actual = await ctx.apply.store.get(grant.id, grant.apiVersion);
  const own: GatewayGrant = {
    id: grant.id,
    createdOn: actual ? createdOnOf(actual.properties?.createdOn) : 'absent',
  };
  const applyMs = ctx.services.settings.roleAssignmentApplyMs;
  if (!pendingGatewayGrants([own], new Date(), applyMs)) return own;
  const principalId = await principalOf(ctx, grant, actual);
  const group = resourceGroupOf(grant.scope ?? grant.id);
  if (!principalId || !group) return own;
  const listed = await ctx.apply.store.list(
    `${group}/providers/Microsoft.Authorization/roleAssignments`,
    ASSIGNMENT_API,
    `principalId eq '${principalId}'`,
  );
  const properties = grant.body.properties as Record<string, unknown> | undefined;
  return effectiveGrant(
    {
      ...own,
      scope: grant.scope ?? '',
      roleDefinitionId:
        typeof properties?.roleDefinitionId === 'string' ? properties.roleDefinitionId : '',
      principalId,
    },
    (listed ?? []).map((a): ListedAssignment => ({
      principalId: a.properties?.principalId,
      roleDefinitionId: a.properties?.roleDefinitionId,
      scope: a.properties?.scope,
      createdOn: a.properties?.createdOn,
    })),
  );
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
  const grants = await Promise.all(planned.map((grant) => gatewayGrant(ctx, grant)));
  const pending = pendingGatewayGrants(
    grants,
    new Date(),
    ctx.services.settings.roleAssignmentApplyMs,
  );
  return pending ? notReady(pending) : undefined;
}
