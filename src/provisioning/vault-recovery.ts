// What to do about a soft-deleted vault that holds the planned vault's name: recover it in place,
// or explain why it cannot be. Pure: the caller reads the deleted vault and sends the PUT.
import type { SoftDeletedVault } from '../azure/deleted-vaults.js';
import type { JsonObject } from '../plan/index.js';

/** Why the soft-deleted vault cannot be recovered as the planned vault, for people. */
export interface RecoveryRefusal {
  reason: 'SoftDeletedVaultElsewhere';
  message: string;
}

const normalisedLocation = (location: string) => location.toLowerCase().replace(/\s+/g, '');

/** `/subscriptions/{s}/resourceGroups/{rg}/…` → rg. */
const resourceGroupOf = (id: string) =>
  /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '(unknown resource group)';

const day = (date: Date | undefined) => date?.toISOString().slice(0, 10) ?? 'an unknown date';

/**
 * A soft-deleted vault can be recovered only where it was: `Vaults_GetDeleted` addresses it by
 * its location, and a recover restores it into its original resource group (the DeletedVault's
 * `vaultId`, "The resource id of the original vault", keyvault.json 2025-05-01). Anywhere else
 * the name stays taken until it is purged or its retention ends ("You cannot reuse the name of a
 * key vault that has been soft-deleted until the retention period has passed",
 * soft-delete-overview.md), so the deployment stops and says what to do.
 */
export function recoveryRefusal(
  planned: { id: string; name: string; location: string },
  deleted: SoftDeletedVault,
): RecoveryRefusal | undefined {
  const sameLocation =
    normalisedLocation(deleted.location) === normalisedLocation(planned.location);
  const deletedGroup = resourceGroupOf(deleted.vaultId);
  const plannedGroup = resourceGroupOf(planned.id);
  const sameGroup = deletedGroup.toLowerCase() === plannedGroup.toLowerCase();
  if (sameLocation && sameGroup) return undefined;
  const where = `${deleted.location}, resource group ${deletedGroup}`;
  const wanted = `${planned.location}, resource group ${plannedGroup}`;
  const free = deleted.purgeProtectionEnabled
    ? `wait until ${day(deleted.scheduledPurgeDate)}, when its retention ends (purge protection forbids purging it earlier)`
    : `purge it (az keyvault purge --name ${deleted.name} --location ${deleted.location}), which deletes its certificates and secrets for good`;
  return {
    reason: 'SoftDeletedVaultElsewhere',
    message:
      `the Key Vault name ${planned.name} is held by a soft-deleted vault in ${where} ` +
      `(deleted ${day(deleted.deletionDate)}), but this environment plans its vault in ${wanted}. ` +
      `A soft-deleted vault can be recovered only where it was. Deploy the environment to ` +
      `${deleted.location} in resource group ${deletedGroup} to recover it, or ${free}.`,
  };
}

/**
 * The recover PUT: the desired body with `createMode: recover`. Azure restores the vault as it
 * was deleted rather than as this body says (Azure/azure-rest-api-specs#21306), so the stage then
 * applies the desired body as usual and changes whatever differs.
 */
export function recoverBody(desired: JsonObject): JsonObject {
  const { properties } = desired;
  const given = properties && typeof properties === 'object' && !Array.isArray(properties);
  return { ...desired, properties: { ...(given ? properties : {}), createMode: 'recover' } };
}
