// The pending operation of a certificate being created (`/certificates/{name}/pending`): get, cancel
// (PATCH `cancellation_requested`), delete, and the 409 that blocks a second create or an import
// while one is in progress (articles/key-vault/certificates/create-certificate-scenarios.md;
// shapes from specification/keyvault/data-plane/Microsoft.KeyVault/stable/2025-07-01/certificates.json
// CertificateOperation and its Get/Update/DeleteCertificateOperation examples).
import type { EmulatorContext } from '../../../core/context.js';
import type { PendingCertificate, VaultData } from '../../../core/model.js';
import { VaultError } from './bundles.js';
import type { VaultRequest, VaultResponse } from './vault-request.js';

export function operationBody(origin: string, name: string, p: PendingCertificate) {
  return {
    id: `${origin}/certificates/${name}/pending`,
    issuer: { name: String((p.policy.issuer as { name?: string } | undefined)?.name ?? 'Unknown') },
    csr: p.csr,
    cancellation_requested: p.cancellationRequested,
    status: p.status,
    status_details:
      p.status === 'inProgress'
        ? 'Pending certificate created. Please Perform Merge to complete the request.'
        : '',
    request_id: p.requestId,
    ...(p.target ? { target: p.target } : {}),
  };
}

/** What GET returns for a certificate whose first version is still pending: no `cer`, disabled. */
export function pendingBundle(origin: string, name: string, p: PendingCertificate) {
  return {
    id: `${origin}/certificates/${name}/${p.requestId}`,
    kid: `${origin}/keys/${name}/${p.requestId}`,
    sid: `${origin}/secrets/${name}/${p.requestId}`,
    attributes: {
      enabled: false,
      created: 0,
      updated: 0,
      recoveryLevel: 'Recoverable+Purgeable',
      recoverableDays: 90,
    },
    policy: { id: `${origin}/certificates/${name}/policy`, ...p.policy },
    tags: p.tags,
  };
}

/**
 * create-certificate-scenarios.md, "Create (or Import) when pending request exists": while the
 * pending object is inProgress, create and import answer 409 with error code `Forbidden`.
 */
export function rejectWhilePending(vault: VaultData, name: string): void {
  if (vault.pending.get(name)?.status !== 'inProgress') return;
  throw new VaultError(
    409,
    'Forbidden',
    "A new key vault certificate can not be created or imported while a pending key vault certificate's status is inProgress.",
  );
}

/**
 * The pending operation of the request's certificate when `accept`s it, else Key Vault's 404. A
 * `request_id` query parameter acts as a filter: another id answers 404 (scenarios doc, Note).
 */
export function requirePending(
  vault: VaultData,
  req: VaultRequest,
  accept: (pending: PendingCertificate) => boolean = () => true,
): PendingCertificate {
  const name = req.params.name ?? '';
  const pending = vault.pending.get(name);
  const requestId = req.query.get('request_id');
  if (pending && accept(pending) && (!requestId || requestId === pending.requestId)) return pending;
  throw new VaultError(404, 'PendingCertificateNotFound', `Pending certificate not found: ${name}`);
}

export function getPendingOperation(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const pending = requirePending(vault, req);
  return { status: 200, body: operationBody(req.origin, req.params.name ?? '', pending) };
}

/**
 * UpdateCertificateOperation: `cancellation_requested` is required; a cancellation is only
 * requested (issuer `Unknown` has no CA to stop, so the status stays inProgress), and a pending
 * object that is not inProgress answers 400 (scenarios doc, "Request a cancellation").
 */
export function updatePendingOperation(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const pending = requirePending(vault, req);
  const requested = (req.body as { cancellation_requested?: unknown } | undefined)
    ?.cancellation_requested;
  if (typeof requested !== 'boolean') {
    throw new VaultError(400, 'BadParameter', "The property 'cancellation_requested' is required.");
  }
  if (pending.status !== 'inProgress') {
    throw new VaultError(
      400,
      'BadParameter',
      `Cancellation can only be requested while the pending certificate is inProgress; it is ${pending.status}.`,
    );
  }
  pending.cancellationRequested ||= requested;
  return { status: 200, body: operationBody(req.origin, req.params.name ?? '', pending) };
}

/**
 * DeleteCertificateOperation: "The certificate is no longer created." The answer is the deleted
 * operation; a first version never appears, and a new create is allowed.
 */
export function deletePendingOperation(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const pending = requirePending(vault, req);
  vault.pending.delete(name);
  return { status: 200, body: operationBody(req.origin, name, pending) };
}
