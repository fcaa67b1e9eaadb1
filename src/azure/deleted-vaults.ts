// Soft-deleted Key Vaults of a subscription (Microsoft.KeyVault Vaults_ListDeleted).
import type { DeletedVault } from '@azure/arm-keyvault';
import { describedCall } from './azure-error.js';
import { lazyArmClient, type AzureConnection } from './connection.js';

/** What a soft-deleted vault keeps: where it was, and until when its name stays taken. */
export interface SoftDeletedVault {
  name: string;
  /** The resource id of the original vault (its resource group). */
  vaultId: string;
  location: string;
  deletionDate?: Date;
  scheduledPurgeDate?: Date;
  purgeProtectionEnabled: boolean;
}

/**
 * The subscription's soft-deleted vaults. A deleted vault keeps its name until it is recovered or
 * purged ("key vault names are globally unique, so you won't be able to create a key vault with
 * the same name as a key vault in the soft deleted state", key-vault-recovery.md). Only this
 * subscription's are listed: a name held by another subscription shows up as the PUT's
 * `VaultAlreadyExists` instead. Listing needs `Microsoft.KeyVault/deletedVaults/read`, which
 * Contributor includes (actions `*`).
 */
export interface DeletedVaults {
  /** The soft-deleted vault of that name (case-insensitive), or undefined. */
  find(name: string): Promise<SoftDeletedVault | undefined>;
}

/** Only what `find` calls: any async iterable of deleted vaults (the SDK's is paged). */
interface DeletedVaultsApi {
  listDeleted(): AsyncIterable<DeletedVault>;
}

export function createDeletedVaults(
  connection: AzureConnection,
  subscriptionId: string,
): DeletedVaults {
  const client = lazyArmClient(
    async () => (await import('@azure/arm-keyvault')).KeyVaultManagementClient,
    connection,
    subscriptionId,
  );
  return deletedVaults({
    async *listDeleted() {
      yield* (await client()).vaults.listDeleted();
    },
  });
}

export function deletedVaults(api: DeletedVaultsApi): DeletedVaults {
  return {
    find: (name) =>
      describedCall('GET Microsoft.KeyVault/deletedVaults', async () => {
        for await (const deleted of api.listDeleted()) {
          if (deleted.name?.toLowerCase() === name.toLowerCase()) return softDeleted(deleted);
        }
        return undefined;
      }),
  };
}

function softDeleted(deleted: DeletedVault): SoftDeletedVault {
  const props = deleted.properties ?? {};
  return {
    name: deleted.name ?? '',
    vaultId: props.vaultId ?? '',
    location: props.location ?? '',
    deletionDate: props.deletionDate,
    scheduledPurgeDate: props.scheduledPurgeDate,
    purgeProtectionEnabled: props.purgeProtectionEnabled === true,
  };
}
