// The errors Microsoft.KeyVault answers for vault names that soft delete keeps, with the codes and
// messages Azure sends (sources at each).
import { ArmError } from '../../arm/errors.js';

export const vaultErrors = {
  /**
   * A create without `createMode: recover` over a soft-deleted vault. Code, status and message as
   * observed in alan-turing-institute/data-safe-haven#2523 ("Status=409 Code=\"ConflictError\"")
   * and Azure/azure-cli#29115.
   */
  existsInDeletedState: () =>
    new ArmError(
      409,
      'ConflictError',
      'A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete.',
    ),
  /**
   * The name is held by a vault this subscription does not see as soft-deleted: an active vault
   * elsewhere, or a soft-deleted one of another subscription. Message as in
   * Azure/azure-powershell#15115 (Azure's own spelling kept); code `VaultAlreadyExists` as
   * terraform-provider-azurerm users report it; 409 is inferred.
   */
  nameInUse: (name: string) =>
    new ArmError(
      409,
      'VaultAlreadyExists',
      `The vault name '${name}' is already in use. Vault names are globaly unique so it is possible that the name is already taken. If you are sure that the vault name was not taken then it is possible that a vault with the same name was recently deleted but not purged after being placed in a recoverable state. If the vault is in a recoverable state then the vault will need to be purged before reusing the name. For more information on soft delete and purging a vault follow this link https://go.microsoft.com/fwlink/?linkid=2147740.`,
    ),
  /** `createMode: recover` with nothing to recover (hashicorp/terraform-provider-azurerm#12972). */
  softDeletedVaultDoesNotExist: () =>
    new ArmError(
      400,
      'SoftDeletedVaultDoesNotExist',
      'A soft deleted vault with the given name does not exist. Ensure that the name for the vault that is being attempted to recover is in a recoverable state.',
    ),
  /** The code is Azure's (`az keyvault purge` output); status and message are inferred. */
  deletedVaultNotFound: (name: string, location: string) =>
    new ArmError(
      404,
      'DeletedVaultNotFound',
      `The deleted vault '${name}' does not exist in location '${location}'.`,
    ),
  /**
   * Purging a vault with purge protection: "(MethodNotAllowed) Operation 'DeletedVaultPurge' is
   * not allowed." (microsoft/AzureTRE#1446, MicrosoftDocs/azure-docs#55427); 405 is inferred
   * from the code.
   */
  purgeNotAllowed: () =>
    new ArmError(405, 'MethodNotAllowed', "Operation 'DeletedVaultPurge' is not allowed."),
};
