// Role assignment scopes below a vault that are no ARM resource of the emulator's: a Key Vault key,
// secret or certificate. "Azure RBAC for key vault also allows users to have separate
// permissions on individual keys, secrets, and certificates" (articles/key-vault/general/
// rbac-guide.md), whose "Secret scope role assignment" assigns at
// `--scope …/providers/Microsoft.KeyVault/vaults/{key-vault-name}/secrets/RBACSecret`. Such an
// assignment grants that object and its versions only (data-access.ts `covers`).
//
// Whether the object must already exist is not documented. ARM checks no nested resource when a
// role assignment is created ("We on PAS side don't do resource validation when creating a
// roleAssignment", Azure/azure-powershell#3771, an assignment on a subnet that does not exist), so
// the vault must exist and the object need not (inferred): a plan may grant the certificate's
// secret before the certificate is issued.
import { key } from '../../arm/resource-id.js';
import type { ArmPath } from '../../arm/resource-id.js';
import { getResource } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';

const VAULT_OBJECT =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+)\/(?:secrets|keys|certificates)\/[0-9a-zA-Z-]{1,127}$/i;

/** The vault id of a key, secret or certificate scope; undefined for any other id. */
export function vaultOfObjectScope(scope: string): string | undefined {
  return VAULT_OBJECT.exec(scope)?.[1];
}

/** A role assignment on a Key Vault object of an existing vault: a scope ARM accepts. */
export function isVaultObjectAssignment(ctx: EmulatorContext, path: ArmPath): boolean {
  if (key(path.namespace) !== key('Microsoft.Authorization')) return false;
  if (key(path.types[0] ?? '') !== key('roleAssignments')) return false;
  const vault = vaultOfObjectScope(path.scope);
  return vault !== undefined && getResource(ctx, vault) !== undefined;
}
