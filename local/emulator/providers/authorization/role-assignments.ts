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
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, EmuRequest } from '../../core/model.js';
import { covers } from './data-access.js';

export const roleAssignments: TypeBehaviour = {
  type: 'Microsoft.Authorization/roleAssignments',

  latency: latencyOf('Microsoft.Authorization/roleAssignments'),
  tracked: false,
  listAtScope: (ctx, req, scope) => roleAssignmentsAtScope(ctx, req, scope),
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

// Role Assignments - List For Scope: `$filter=atScope()` returns the assignments at or above the
// scope; `principalId eq '{id}'` and `assignedTo('{id}')` those of one principal at, above or
// below it; `atScope() and assignedTo('{id}')` combines the two (azure-rest-api-specs
// …/stable/2022-04-01/authorization-RoleAssignmentsCalls.json `$filter`; the quoted id and the
// refusal's text: Azure/azure-rest-api-specs#28255; role-based-access-control/
// role-assignments-list-rest.md). Any other filter, `atScope() and principalId eq …` included
// (Azure/azure-powershell#20433), is refused with 400. Without a filter: every assignment at or
// below the scope (inferred). Group membership is not modelled: `assignedTo` matches the id.
const PRINCIPAL = "'([0-9a-fA-F-]{36})'";
const FILTERS: readonly { pattern: RegExp; atOrAbove: boolean; principal: boolean }[] = [
  { pattern: /^atScope\(\)$/i, atOrAbove: true, principal: false },
  { pattern: new RegExp(`^principalId eq ${PRINCIPAL}$`, 'i'), atOrAbove: false, principal: true },
  { pattern: new RegExp(`^assignedTo\\(${PRINCIPAL}\\)$`, 'i'), atOrAbove: false, principal: true },
  {
    pattern: new RegExp(`^atScope\\(\\) and assignedTo\\(${PRINCIPAL}\\)$`, 'i'),
    atOrAbove: true,
    principal: true,
  },
];

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function unsupportedFilter(filter: string): ArmError {
  return new ArmError(
    400,
    'BadRequest',
    `The filter '${filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}'' or 'assignedTo('{value}')'.`,
  );
}

export function roleAssignmentsAtScope(
  ctx: EmulatorContext,
  req: EmuRequest,
  scope: string,
): ArmResource[] {
  const filter = (req.query.get('$filter') ?? '').trim().replace(/\s+/g, ' ');
  const all = [...ctx.state.resources.values()].filter(
    (r) => key(r.type) === key(roleAssignments.type),
  );
  const scopeOf = (r: ArmResource) => text(properties(r).scope);
  if (filter === '') return all.filter((r) => covers(scope, scopeOf(r)));
  for (const { pattern, atOrAbove, principal } of FILTERS) {
    const match = pattern.exec(filter);
    if (!match) continue;
    const principalId = principal ? key(match[1] ?? '') : undefined;
    return all.filter(
      (r) =>
        (principalId === undefined || key(text(properties(r).principalId)) === principalId) &&
        (covers(scopeOf(r), scope) || (!atOrAbove && covers(scope, scopeOf(r)))),
    );
  }
  throw unsupportedFilter(filter);
}
