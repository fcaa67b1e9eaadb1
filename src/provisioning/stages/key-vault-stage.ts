// The key-vault stage: the vault (recovering a soft-deleted one of the planned name first) and the
// role assignments on it.
import { createDeletedVaults } from '../../azure/deleted-vaults.js';
import { shortId } from '../../azure/resources.js';
import { applyResources, resolvedBody, resolveTenantId } from '../../environments/index.js';
import { AppError } from '../../errors.js';
import { reportOf } from '../report.js';
import type { StageContext } from '../stage-context.js';
import type { StageReport } from '../types.js';
import { recoverBody, recoveryRefusal } from '../vault-recovery.js';
import { ensureResourceGroup } from './apply-stage.js';

/**
 * Deleting a vault only soft-deletes it, and its name stays taken until it is recovered or
 * purged: a create then fails with 409 `ConflictError` ("A vault with the same name already
 * exists in deleted state", soft-delete-overview.md). So when the planned vault does not exist,
 * a soft-deleted vault of its name is recovered (`createMode: recover`), certificates and secrets
 * included, and then the desired body is applied as usual. Its role assignments did not survive
 * the deletion ("Recovering a soft-deleted Key Vault will not restore these services", same
 * page): the same apply creates them again.
 */
export async function keyVaultStage(ctx: StageContext): Promise<StageReport> {
  await ensureResourceGroup(ctx);
  await resolveTenantId(ctx);
  const recovered = await recoverSoftDeletedVault(ctx);
  const applied = await applyResources(ctx.apply, ctx.resources);
  return reportOf(applied, {}, recovered ? `recovered soft-deleted vault ${recovered}` : undefined);
}

/** Recovers the planned vault when it is absent and soft-deleted; answers its name if so. */
async function recoverSoftDeletedVault(ctx: StageContext): Promise<string | undefined> {
  const vault = ctx.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults');
  if (!vault || (await ctx.apply.store.get(vault.id, vault.apiVersion))) return undefined;
  const deleted = await createDeletedVaults(ctx.services.connection, ctx.spec.subscriptionId).find(
    vault.name,
  );
  if (!deleted) return undefined;
  const refusal = recoveryRefusal(
    { id: vault.id, name: vault.name, location: ctx.spec.location },
    deleted,
  );
  if (refusal) throw new AppError('validation', refusal.reason, refusal.message);
  ctx.log(`recovering the soft-deleted Key Vault ${shortId(vault.id)} (createMode recover)`);
  await ctx.apply.store.put(
    vault.id,
    vault.apiVersion,
    recoverBody(await resolvedBody(ctx.apply, vault)),
  );
  ctx.log(
    `recovered the soft-deleted Key Vault ${vault.name}: its certificates and secrets are back; its role assignments are created again`,
  );
  return vault.name;
}
