// User-assigned managed identities (principalId, clientId, tenantId) and role assignments, which
// are stored (never enforced) with ARM's conflict rules.
import type { TypeBehaviour } from '../arm/behaviour.js';
import { ArmError } from '../arm/errors.js';
import { key } from '../arm/resource-id.js';
import { properties } from '../arm/resource-store.js';

export const userAssignedIdentities: TypeBehaviour = {
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  putLatencyMs: 0,
  prepare: (ctx, identity, existing) => {
    const old = existing ? properties(existing) : {};
    Object.assign(properties(identity), {
      tenantId: old.tenantId ?? ctx.config.tenantId,
      principalId: old.principalId ?? ctx.newId(),
      clientId: old.clientId ?? ctx.newId(),
    });
  },
};

export const roleAssignments: TypeBehaviour = {
  type: 'Microsoft.Authorization/roleAssignments',
  putLatencyMs: 0,
  tracked: false,
  prepare: (ctx, assignment, existing) => {
    const props = properties(assignment);
    const scope =
      assignment.id.split(/\/providers\/Microsoft\.Authorization\/roleAssignments\//i)[0] ?? '';
    props.scope = scope;
    if (existing) {
      const old = properties(existing);
      if (
        old.principalId !== props.principalId ||
        key(String(old.roleDefinitionId)) !== key(String(props.roleDefinitionId))
      ) {
        throw new ArmError(
          409,
          'RoleAssignmentUpdateNotPermitted',
          'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
        );
      }
      return;
    }
    const duplicate = [...ctx.state.resources.values()].some((r) => {
      if (key(r.type) !== key(roleAssignments.type)) return false;
      const p = properties(r);
      return (
        key(String(p.scope)) === key(scope) &&
        p.principalId === props.principalId &&
        key(String(p.roleDefinitionId)) === key(String(props.roleDefinitionId))
      );
    });
    if (duplicate)
      throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  },
};
