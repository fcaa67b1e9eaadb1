// Key Vault soft delete: a deleted vault becomes a `deletedVaults` proxy resource under the
// subscription that keeps its name (and its certificates and secrets) until it is recovered with
// `createMode: recover`, purged, or its retention ends.
//
// "You cannot reuse the name of a key vault that has been soft-deleted until the retention period
// has passed." / "When purge protection is on, a vault or an object in the deleted state cannot be
// purged until the retention period has passed. Soft-deleted vaults and objects can still be
// recovered" / "Upon deleting a key vault, the service creates a proxy resource under the
// subscription … available in the same location as the deleted key vault."
// (articles/key-vault/general/soft-delete-overview.md); "key vault names are globally unique, so
// you won't be able to create a key vault with the same name as a key vault in the soft deleted
// state" (articles/key-vault/general/key-vault-recovery.md). Routes and bodies: Vaults_ListDeleted,
// Vaults_GetDeleted, Vaults_PurgeDeleted and DeletedVaultProperties in
// specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2025-05-01/keyvault.json.
import type { ArmTarget } from '../../arm/request-target.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, DeletedVault, EmuResponse } from '../../core/model.js';
import { key } from '../../arm/resource-id.js';
import { properties } from '../../arm/resource-store.js';
import { vaultErrors } from './vault-errors.js';

const DAY_MS = 86_400_000;
const VAULTS = key('Microsoft.KeyVault/vaults');

type DeletedVaultTarget = Extract<ArmTarget, { kind: 'deletedVault' | 'deletedVaultPurge' }>;

/** `2017-01-01T00:00:59Z`, as the x-ms-examples write dates. */
const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const subscriptionOf = (id: string) => id.split('/')[2] ?? '';

/** Moves a deleted vault (and its data plane) into the soft-deleted state. */
export function softDeleteVault(ctx: EmulatorContext, vault: ArmResource): void {
  const name = key(vault.name);
  const props = properties(vault);
  const retentionDays =
    typeof props.softDeleteRetentionInDays === 'number' ? props.softDeleteRetentionInDays : 90;
  const deletedAt = ctx.clock.now();
  ctx.state.deletedVaults.set(name, {
    vault: structuredClone(vault),
    data: ctx.state.vaults.get(name),
    subscription: subscriptionOf(vault.id),
    location: typeof vault.location === 'string' ? vault.location : '',
    deletedAt,
    retentionDays,
    purgeAt: deletedAt + retentionDays * DAY_MS * ctx.config.timeScale,
    purgeProtection: props.enablePurgeProtection === true,
  });
  ctx.state.vaults.delete(name);
}

/** The soft-deleted vault of that name, unless its retention has ended (then it is purged). */
export function findDeletedVault(ctx: EmulatorContext, name: string): DeletedVault | undefined {
  const deleted = ctx.state.deletedVaults.get(key(name));
  if (deleted && ctx.clock.now() >= deleted.purgeAt) {
    ctx.state.deletedVaults.delete(key(name));
    return undefined;
  }
  return deleted;
}

/** An active vault of that name at another id: vault names are global. */
function activeVaultElsewhere(ctx: EmulatorContext, vault: ArmResource): ArmResource | undefined {
  for (const resource of ctx.state.resources.values()) {
    if (key(resource.type) !== VAULTS || key(resource.name) !== key(vault.name)) continue;
    if (key(resource.id) !== key(vault.id)) return resource;
  }
  return undefined;
}

/**
 * Checks a PUT that creates a vault against the names soft delete keeps, and recovers the
 * soft-deleted vault when `createMode` is `recover`. Azure/azure-service-operator#1415 tabulates
 * the outcomes: default + no soft-deleted vault succeeds, recover + none fails, default + one
 * fails, recover + one succeeds. A recover restores the vault as it was deleted, whatever the
 * body says (Azure/azure-rest-api-specs#21306, hashicorp/terraform-provider-azurerm#17375).
 */
export function admitNewVault(ctx: EmulatorContext, vault: ArmResource): void {
  const props = properties(vault);
  const recover = props.createMode === 'recover';
  delete props.createMode;
  if (activeVaultElsewhere(ctx, vault)) throw vaultErrors.nameInUse(vault.name);
  const deleted = findDeletedVault(ctx, vault.name);
  if (!recover) {
    if (!deleted) return;
    // Inferred: a soft-deleted vault of another subscription is not visible to this one, so
    // Azure answers with its generic name-taken error (azure-powershell#15115).
    if (deleted.subscription.toLowerCase() !== subscriptionOf(vault.id).toLowerCase())
      throw vaultErrors.nameInUse(vault.name);
    throw vaultErrors.existsInDeletedState();
  }
  // Recovering works only within the subscription and location that hold the soft-deleted vault
  // (Azure/azure-service-operator#3370; Vaults_GetDeleted is addressed by location).
  if (
    !deleted ||
    deleted.subscription.toLowerCase() !== subscriptionOf(vault.id).toLowerCase() ||
    deleted.location !== vault.location
  )
    throw vaultErrors.softDeletedVaultDoesNotExist();
  // Inferred: a recover brings the vault back where it was ("call the create method from the
  // vault's original resource group", AzureKeyVault's delete_key_vault documentation).
  if (key(deleted.vault.id) !== key(vault.id)) throw vaultErrors.existsInDeletedState();
  restore(ctx, vault, deleted);
}

function restore(ctx: EmulatorContext, vault: ArmResource, deleted: DeletedVault): void {
  const previous = structuredClone(deleted.vault);
  vault.properties = properties(previous);
  if (previous.tags) vault.tags = previous.tags;
  else delete vault.tags;
  if (deleted.data) ctx.state.vaults.set(key(vault.name), deleted.data);
  ctx.state.deletedVaults.delete(key(vault.name));
}

/** The `Microsoft.KeyVault/deletedVaults` proxy resource, shaped on getDeletedVault.json. */
function deletedVaultView(deleted: DeletedVault): ArmResource {
  const { vault } = deleted;
  return {
    id: `/subscriptions/${deleted.subscription}/providers/Microsoft.KeyVault/locations/${deleted.location}/deletedVaults/${vault.name}`,
    name: vault.name,
    type: 'Microsoft.KeyVault/deletedVaults',
    properties: {
      vaultId: vault.id,
      location: deleted.location,
      tags: vault.tags ?? {},
      deletionDate: isoSeconds(deleted.deletedAt),
      scheduledPurgeDate: isoSeconds(deleted.deletedAt + deleted.retentionDays * DAY_MS),
      purgeProtectionEnabled: deleted.purgeProtection,
    },
  };
}

/** GET `/subscriptions/{s}/providers/Microsoft.KeyVault/deletedVaults` (Vaults_ListDeleted). */
export function listDeletedVaults(ctx: EmulatorContext, subscription: string): EmuResponse {
  const value = [...ctx.state.deletedVaults.values()]
    .filter((d) => findDeletedVault(ctx, d.vault.name) !== undefined)
    .filter((d) => d.subscription.toLowerCase() === subscription.toLowerCase())
    .map(deletedVaultView);
  return { status: 200, body: { value } };
}

/** The soft-deleted vault a location-scoped route names, or ARM's 404. */
function requireDeletedVault(ctx: EmulatorContext, target: DeletedVaultTarget): DeletedVault {
  const deleted = findDeletedVault(ctx, target.name);
  const location = target.location.toLowerCase().replace(/\s+/g, '');
  if (
    !deleted ||
    deleted.subscription.toLowerCase() !== target.subscription.toLowerCase() ||
    deleted.location !== location
  )
    throw vaultErrors.deletedVaultNotFound(target.name, target.location);
  return deleted;
}

/** GET `…/locations/{location}/deletedVaults/{name}` (Vaults_GetDeleted). */
export function getDeletedVault(
  ctx: EmulatorContext,
  target: Extract<ArmTarget, { kind: 'deletedVault' }>,
): EmuResponse {
  return { status: 200, body: deletedVaultView(requireDeletedVault(ctx, target)) };
}

/**
 * POST `…/deletedVaults/{name}/purge` (Vaults_PurgeDeleted): frees the name at once, unless purge
 * protection is on. Answered synchronously with 200 ("The vault is purged.").
 */
export function purgeDeletedVault(
  ctx: EmulatorContext,
  target: Extract<ArmTarget, { kind: 'deletedVaultPurge' }>,
): EmuResponse {
  const deleted = requireDeletedVault(ctx, target);
  if (deleted.purgeProtection) throw vaultErrors.purgeNotAllowed();
  ctx.state.deletedVaults.delete(key(target.name));
  return { status: 200 };
}
