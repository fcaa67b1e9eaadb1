// What a 403 from the environment's vault means for this app: its new role assignments are still
// spreading (wait), one is missing (fail, saying which), or they are old and Key Vault still
// refuses (fail, saying what to check). Pure: the grants are gathered by vault-grants.ts.
import type { Failure } from '../errors.js';
import type { NotReadyWait } from '../retry-policies.js';

/** One role this app's plan grants it on the vault, as ARM holds it now. */
export interface VaultGrant {
  /** The built-in role's name, as `az role assignment create --role` takes it. */
  role: string;
  /** The vault's resource id. */
  scope: string;
  /** When ARM created the assignment; `absent` when it does not exist, undefined when ARM did not say. */
  createdOn: Date | 'absent' | undefined;
}

export interface VaultRefusal {
  vaultName: string;
  /** This app's principal id (ACI_VNET_SIDECARS_PRINCIPAL_ID), which the grants name. */
  principalId: string | undefined;
  /** The refused operation and Key Vault's message. */
  refusal: string;
  grants: readonly VaultGrant[];
  now: Date;
  /** How long after an assignment's creation a 403 is still "not applied yet". */
  wait: NotReadyWait;
}

/** `wait`: what is waited for, as the deployment's status shows it (`waitingFor`). */
export type VaultAccess = { kind: 'wait'; message: string } | { kind: 'fail'; failure: Failure };

const minutes = (ms: number) => Math.round(ms / 60_000);

function missingGrants(input: VaultRefusal): Failure | undefined {
  const principal = input.principalId ?? '<ACI_VNET_SIDECARS_PRINCIPAL_ID>';
  const missing = input.grants.filter((g) => g.createdOn === 'absent');
  if (input.grants.length > 0 && missing.length === 0) return undefined;
  const needed = missing.length > 0 ? missing : input.grants;
  const roles = needed.map((g) => `${g.role} on ${g.scope}`).join(' and ');
  const commands = needed
    .map(
      (g) =>
        `az role assignment create --assignee-object-id ${principal} --assignee-principal-type ServicePrincipal --role "${g.role}" --scope ${g.scope}`,
    )
    .join('; ');
  return {
    kind: 'forbidden',
    code: 'VaultRoleMissing',
    message: `Key Vault ${input.vaultName} refused this app (${input.refusal}): its identity (principal ${principal}) holds no ${roles || 'role on the vault'}. Deploy the environment again (its key-vault stage grants the roles), or grant them yourself: ${commands || 'see the plan (aci-vnet-sidecars plan) for the roles this app needs'}`,
  };
}

/** The latest creation among the grants; a grant whose creation ARM did not report counts as now. */
function newestGrant(input: VaultRefusal): number {
  return Math.max(
    ...input.grants.map((g) => (g.createdOn instanceof Date ? g.createdOn : input.now).getTime()),
  );
}

/**
 * Decides on a 403 from the vault, in order: a missing grant fails at once (waiting cannot
 * help); grants younger than `wait` are waited for; older ones mean Key Vault refuses for another
 * reason, most often an identity other than the one granted ("HTTP 403 often occurs when the
 * customer's application is not using the client ID that the customer thinks it is",
 * articles/key-vault/general/rest-error-codes.md).
 */
export function vaultAccess(input: VaultRefusal): VaultAccess {
  const missing = missingGrants(input);
  if (missing) return { kind: 'fail', failure: missing };
  const roles = input.grants.map((g) => g.role).join(' and ');
  const age = input.now.getTime() - newestGrant(input);
  if (age < input.wait.deadlineMs) {
    return {
      kind: 'wait',
      message: `this app's new role assignments on Key Vault ${input.vaultName} (${roles}) to apply; until then Key Vault refuses (${input.refusal}), and Azure takes up to 10 minutes`,
    };
  }
  const scope = input.grants[0]?.scope ?? input.vaultName;
  return {
    kind: 'fail',
    failure: {
      kind: 'forbidden',
      code: 'VaultAccessDenied',
      message: `Key Vault ${input.vaultName} still refuses this app (${input.refusal}) more than ${minutes(input.wait.deadlineMs)} minutes after it was granted ${roles} on ${scope}, longer than Azure takes to apply a role assignment (up to 10 minutes). Check that ACI_VNET_SIDECARS_PRINCIPAL_ID (${input.principalId ?? 'not set'}) is the object (principal) id of this app's managed identity (Key Vault's 403 names the caller's oid), and that no deny assignment or Key Vault network rule refuses it`,
    },
  };
}
