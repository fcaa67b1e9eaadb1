// Key Vault's data plane under the Azure RBAC permission model (`enableRbacAuthorization`): a
// request is served only when the caller (the token's `oid`) holds a role assignment, on the
// vault, one of its objects or a scope above, that grants the route's data action and has taken
// effect (authorization/data-access.ts). Vaults on the access-policy model are not checked (the
// emulator does not model access policies).
import type { EmulatorContext } from '../../../core/context.js';
import type { ArmResource, EmuRequest, EmuResponse } from '../../../core/model.js';
import { key } from '../../../arm/resource-id.js';
import { properties } from '../../../arm/resource-store.js';
import { callerOf, type Caller } from '../../authorization/caller.js';
import { dataAccess } from '../../authorization/data-access.js';
import { routeAction } from './data-actions.js';

const VAULTS = key('Microsoft.KeyVault/vaults');

/** The vault's ARM resource (vault names are unique across Azure). */
export function vaultResource(ctx: EmulatorContext, vaultName: string): ArmResource | undefined {
  for (const resource of ctx.state.resources.values())
    if (key(resource.type) === VAULTS && key(resource.name) === key(vaultName)) return resource;
  return undefined;
}

/**
 * "401 means that the request is unauthenticated for Key Vault. A request is authenticated if the
 * key vault knows the identity of the caller" (articles/key-vault/general/rest-error-codes.md).
 * The message is the emulator's own (inferred): a token without an object id names nobody.
 */
function unauthenticated(): EmuResponse {
  return {
    status: 401,
    body: {
      error: {
        code: 'Unauthorized',
        message:
          'The caller is unknown: the bearer token carries no object id (oid) claim, so no role assignment can apply.',
      },
    },
  };
}

/**
 * Key Vault's RBAC refusal as Azure sends it: 403 `Forbidden`, innererror `ForbiddenByRbac`, the
 * message naming caller, action and resource (lower-cased), observed in
 * hashicorp/terraform-provider-azurerm#27817 and piyushsachdeva/Terraform_AKS#2.
 */
function forbiddenByRbac(
  ctx: EmulatorContext,
  vault: ArmResource,
  caller: Caller,
  action: string,
  resourceId: string,
): EmuResponse {
  const message = [
    'Caller is not authorized to perform action on resource.',
    'If role assignments, deny assignments or role definitions were changed recently, please observe propagation time.',
    `Caller: appid=${caller.appid ?? ''};oid=${caller.oid};iss=https://sts.windows.net/${caller.tid ?? ctx.config.tenantId}/`,
    `Action: '${action}'`,
    `Resource: '${resourceId.toLowerCase()}'`,
    'Assignment: (not found)',
    'DenyAssignmentId: null',
    "DecisionReason: 'DeniedWithNoValidRBAC' ",
    `Vault: ${vault.name};location=${typeof vault.location === 'string' ? vault.location : ''}`,
    '',
  ].join('\r\n');
  return {
    status: 403,
    body: { error: { code: 'Forbidden', message, innererror: { code: 'ForbiddenByRbac' } } },
  };
}

/** The refusal of a request the vault's RBAC does not allow; undefined when it may proceed. */
export function rbacRefusal(
  ctx: EmulatorContext,
  vaultName: string,
  req: EmuRequest,
  routeName: string,
  objectName: string | undefined,
): EmuResponse | undefined {
  const vault = vaultResource(ctx, vaultName);
  if (!vault || properties(vault).enableRbacAuthorization !== true) return undefined;
  const caller = callerOf(req.headers.authorization);
  if (!caller) return unauthenticated();
  const target = routeAction(routeName, vault.id, objectName);
  if (!target)
    throw new Error(`the emulator's Key Vault route ${routeName} names no RBAC data action`);
  const access = dataAccess(ctx, { principalId: caller.oid, ...target });
  return access.allowed
    ? undefined
    : forbiddenByRbac(ctx, vault, caller, target.action, target.resourceId);
}
