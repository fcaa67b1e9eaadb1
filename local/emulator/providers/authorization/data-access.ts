// The Azure RBAC decision for a data action (Key Vault's data plane uses it): allowed when a role
// assignment of the caller, on the resource or a scope above it, grants the action and has taken
// effect. "When you assign roles or remove role assignments, it can take up to 10 minutes for
// changes to take effect" (articles/role-based-access-control/troubleshooting.md, "Role
// assignment changes are not being detected"): a new assignment grants nothing until
// `roleAssignmentDelayMs` (on the emulator's time scale) after its `createdOn`. A deleted one
// stops granting at once: the stricter reading for the app (inferred; Azure may keep honouring it
// for up to the same delay).
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import { dataRoleOf, permits } from './built-in-roles.js';
import { OPERATION_LATENCIES } from '../../arm/latencies.js';

export interface DataAccessRequest {
  /** The caller's object id (the token's `oid`). */
  principalId: string;
  /** What is acted on: a vault, or an object in it (`…/vaults/kv/secrets/name`). */
  resourceId: string;
  /** The data action, such as `Microsoft.KeyVault/vaults/secrets/getSecret/action`. */
  action: string;
}

export type DataAccess =
  | { allowed: true; assignmentId: string }
  /** `pendingUntil`: when the first assignment that would grant the action takes effect. */
  | { allowed: false; pendingUntil?: number };

const ROLE_ASSIGNMENTS = key('Microsoft.Authorization/roleAssignments');

/** "it can take up to 10 minutes for changes to take effect": the worst case the app must survive. */
export const ROLE_ASSIGNMENT_DELAY_MS = OPERATION_LATENCIES.roleAssignmentEffect.ms;

/** Management group, subscription, resource group, resource: an assignment covers what is below it. */
export function covers(scope: string, resourceId: string): boolean {
  const s = key(scope).replace(/\/+$/, '');
  const r = key(resourceId);
  return s === '' || r === s || r.startsWith(`${s}/`);
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** When an assignment starts to grant: its `createdOn` plus the propagation delay. */
export function takesEffectAt(ctx: EmulatorContext, assignment: ArmResource): number {
  const created = Date.parse(text(properties(assignment).createdOn));
  const delay =
    (ctx.config.roleAssignmentDelayMs ?? ROLE_ASSIGNMENT_DELAY_MS) * ctx.config.timeScale;
  return (Number.isNaN(created) ? 0 : created) + delay;
}

export function dataAccess(ctx: EmulatorContext, request: DataAccessRequest): DataAccess {
  const now = ctx.clock.now();
  let pendingUntil: number | undefined;
  for (const resource of ctx.state.resources.values()) {
    if (key(resource.type) !== ROLE_ASSIGNMENTS) continue;
    const props = properties(resource);
    if (key(text(props.principalId)) !== key(request.principalId)) continue;
    if (!covers(text(props.scope), request.resourceId)) continue;
    const role = dataRoleOf(text(props.roleDefinitionId));
    if (!role?.dataActions.some((pattern) => permits(pattern, request.action))) continue;
    const effective = takesEffectAt(ctx, resource);
    if (effective <= now) return { allowed: true, assignmentId: resource.id };
    pendingUntil = Math.min(pendingUntil ?? effective, effective);
  }
  return pendingUntil === undefined ? { allowed: false } : { allowed: false, pendingUntil };
}
