// Soft delete (always on in Key Vault): a deleted certificate or secret moves to the deleted
// collection, its name stays reserved until purged or recovered.
import type { EmulatorContext } from '../../../core/context.js';
import type { VaultData } from '../../../core/model.js';
import { VaultError, certificateBundle, notFound, secretBundle } from './bundles.js';
import type { VaultRequest, VaultResponse } from './vault-request.js';

type Kind = 'Certificate' | 'Secret';
const collection = (kind: Kind) => (kind === 'Certificate' ? 'certificates' : 'secrets');

export function rejectDeletedName(vault: VaultData, kind: Kind, name: string): void {
  if (vault.deleted.has(`${collection(kind)}/${name.toLowerCase()}`)) {
    throw new VaultError(
      409,
      'Conflict',
      `${kind} ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the ${kind.toLowerCase()} can only be recovered or purged.`,
    );
  }
}

function deletedBody(origin: string, kind: Kind, name: string, deletedMs: number, live: object) {
  const deletedDate = Math.floor(deletedMs / 1000);
  return {
    ...live,
    recoveryId: `${origin}/deleted${collection(kind)}/${name}`,
    deletedDate,
    scheduledPurgeDate: deletedDate + 90 * 86_400,
  };
}

function liveBody(vault: VaultData, kind: Kind, origin: string, name: string): object {
  if (kind === 'Certificate') {
    const versions = vault.certificates.get(name);
    const latest = versions?.[versions.length - 1];
    if (!latest) throw notFound(kind, name);
    return certificateBundle(origin, name, latest);
  }
  const versions = vault.secrets.get(name);
  const latest = versions?.[versions.length - 1];
  if (!latest) throw notFound(kind, name);
  const { value: _value, ...withoutValue } = secretBundle(origin, name, latest);
  return withoutValue;
}

export function deleteEntry(kind: Kind) {
  return (ctx: EmulatorContext, vault: VaultData, req: VaultRequest): VaultResponse => {
    const name = req.params.name ?? '';
    const live = liveBody(vault, kind, req.origin, name);
    const body = deletedBody(req.origin, kind, name, ctx.clock.now(), live);
    const certificates = kind === 'Certificate' ? vault.certificates.get(name) : undefined;
    const secrets = vault.secrets.get(name);
    if (kind === 'Secret' && secrets?.some((s) => s.managedBy)) {
      throw new VaultError(
        403,
        'Forbidden',
        `Secret ${name} is managed by a certificate; delete the certificate instead.`,
      );
    }
    vault.deleted.set(`${collection(kind)}/${name.toLowerCase()}`, {
      name,
      body,
      certificates,
      secrets,
    });
    vault.certificates.delete(name);
    vault.secrets.delete(name);
    return { status: 200, body };
  };
}

export function getDeleted(kind: Kind) {
  return (_ctx: EmulatorContext, vault: VaultData, req: VaultRequest): VaultResponse => {
    const entry = vault.deleted.get(`${collection(kind)}/${(req.params.name ?? '').toLowerCase()}`);
    if (!entry)
      throw new VaultError(
        404,
        `${kind}NotFound`,
        `Deleted ${kind.toLowerCase()} not found: ${req.params.name ?? ''}`,
      );
    return { status: 200, body: entry.body };
  };
}

export function purgeDeleted(kind: Kind) {
  return (_ctx: EmulatorContext, vault: VaultData, req: VaultRequest): VaultResponse => {
    const key = `${collection(kind)}/${(req.params.name ?? '').toLowerCase()}`;
    if (!vault.deleted.delete(key))
      throw new VaultError(
        404,
        `${kind}NotFound`,
        `Deleted ${kind.toLowerCase()} not found: ${req.params.name ?? ''}`,
      );
    return { status: 204 };
  };
}

export function recoverDeleted(kind: Kind) {
  return (_ctx: EmulatorContext, vault: VaultData, req: VaultRequest): VaultResponse => {
    const key = `${collection(kind)}/${(req.params.name ?? '').toLowerCase()}`;
    const entry = vault.deleted.get(key);
    if (!entry)
      throw new VaultError(
        404,
        `${kind}NotFound`,
        `Deleted ${kind.toLowerCase()} not found: ${req.params.name ?? ''}`,
      );
    vault.deleted.delete(key);
    if (entry.certificates) vault.certificates.set(entry.name, entry.certificates);
    if (entry.secrets) vault.secrets.set(entry.name, entry.secrets);
    return { status: 200, body: liveBody(vault, kind, req.origin, entry.name) };
  };
}
