// Role assignments (an extension resource on any scope), with ARM's conflict rules for updates
// and duplicates and the server-set `createdOn` / `updatedOn` ("Time it was created", read-only:
// RoleAssignmentProperties in …/Microsoft.Authorization/stable/2022-04-01, as @azure/arm-authorization
// types it). Key Vault's data plane enforces them (data-access.ts), from `createdOn` plus the
// propagation delay.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import { latencyOf } from '../../arm/latencies.js';

export const roleAssignments: TypeBehaviour = {
  type: 'Microsoft.Authorization/roleAssignments',

  latency: latencyOf('Microsoft.Authorization/roleAssignments'),
  tracked: false,
  prepare: (ctx, assignment, existing) => {
    const props = properties(assignment);
    const scope =
      assignment.id.split(/\/providers\/Microsoft\.Authorization\/roleAssignments\//i)[0] ?? '';
    props.scope = scope;
    const now = new Date(ctx.clock.now()).toISOString();
    props.createdOn = existing ? properties(existing).createdOn : now;
    props.updatedOn = now;
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
