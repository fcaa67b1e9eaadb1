// Certificate creation: issuer `Self` signs at once; issuer `Unknown` (or none) leaves a pending
// operation with a CSR (PKCS#10, base64 DER) until the signed certificate is merged
// (articles/key-vault/certificates/create-certificate-signing-request.md and
// create-certificate-scenarios.md, "Create a KV certificate manually" and "Merge when a pending
// request is created - manual certificate creation").
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { EmulatorContext } from '../../../core/context.js';
import type { Json, PendingCertificate, VaultData } from '../../../core/model.js';
import { VaultError, certificateBundle } from './bundles.js';
import { PEM_CONTENT_TYPE, PFX_CONTENT_TYPE } from './certificate-material.js';
import { storeVersion } from './certificate-versions.js';
import { rejectDeletedName } from './deletion.js';
import { generateKey, keyFits, keyPropsJson, keyPropsOf } from './key-properties.js';
import { operationBody, rejectWhilePending, requirePending } from './pending-operations.js';
import { newVersion } from './vault-versions.js';
import type { VaultRequest, VaultResponse } from './vault-request.js';
import { certificationRequest, selfSignedCertificate, x509PropsOf } from './x509-builder.js';

interface CreateBody {
  policy?: Json & { issuer?: { name?: string }; secret_props?: { contentType?: string } };
  attributes?: { enabled?: boolean };
  tags?: Record<string, string>;
}

function contentTypeOf(policy: CreateBody['policy']): string {
  const contentType = policy?.secret_props?.contentType ?? PFX_CONTENT_TYPE;
  // certificates.json DeletedCertificateBundle.contentType: "eg. 'application/x-pem-file' or
  // 'application/x-pkcs12'"; the code for anything else is inferred.
  if (contentType !== PFX_CONTENT_TYPE && contentType !== PEM_CONTENT_TYPE) {
    throw new VaultError(
      400,
      'BadParameter',
      `Invalid secret content type '${contentType}'. Valid values: ${PFX_CONTENT_TYPE}, ${PEM_CONTENT_TYPE}.`,
    );
  }
  return contentType;
}

/** The new version's key: a fresh one, or the latest version's when `reuse_key` allows. */
function keyFor(vault: VaultData, name: string, policy: Json): string {
  const props = keyPropsOf(policy);
  const latest = vault.certificates.get(name)?.at(-1);
  // certificates.json KeyProperties.reuse_key: "the same key pair will be used on renewal".
  if (props.reuseKey && latest && keyFits(props, latest.keyPem)) return latest.keyPem;
  return generateKey(props);
}

/** The pending operation for `given` (the request's policy, or the certificate's current one). */
function newPending(
  ctx: EmulatorContext,
  vault: VaultData,
  name: string,
  given: NonNullable<CreateBody['policy']>,
  tags: Record<string, string>,
): PendingCertificate {
  const keyPem = keyFor(vault, name, given);
  return {
    requestId: newVersion(ctx.newId()),
    csr: certificationRequest(x509PropsOf(given), keyPem),
    keyPem,
    policy: {
      ...given,
      key_props: keyPropsJson(keyPropsOf(given)),
      secret_props: { contentType: contentTypeOf(given) },
      issuer: { ...given.issuer, name: given.issuer?.name ?? 'Unknown' },
    },
    tags,
    status: 'inProgress',
    cancellationRequested: false,
  };
}

/** Issuer `Self`: signs at once with the pending key and completes the operation. */
function selfSign(ctx: EmulatorContext, vault: VaultData, name: string, p: PendingCertificate) {
  const certPem = selfSignedCertificate(x509PropsOf(p.policy), p.keyPem, {
    now: ctx.clock.now(),
    serial: Buffer.from(p.requestId, 'hex'),
  });
  storeVersion(ctx, vault, name, { certPem, keyPem: p.keyPem, chainPem: [] }, versionOptions(p));
  p.status = 'completed';
}

export function createCertificate(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  rejectDeletedName(vault, 'Certificate', name);
  rejectWhilePending(vault, name);
  const body = (req.body ?? {}) as CreateBody;
  // about-certificates.md, "Certificate policy": once established, a policy is not required with
  // successive create operations.
  const given = (body.policy ?? vault.certificates.get(name)?.at(-1)?.policy ?? {}) as NonNullable<
    CreateBody['policy']
  >;
  const pending = newPending(ctx, vault, name, given, body.tags ?? {});
  vault.pending.set(name, pending);
  if (given.issuer?.name?.toLowerCase() === 'self') {
    selfSign(ctx, vault, name, pending);
    pending.target = `${req.origin}/certificates/${name}`;
  }
  const query = `api-version=${req.query.get('api-version') ?? ''}&request_id=${pending.requestId}`;
  return {
    status: 202,
    headers: { location: `${req.origin}/certificates/${name}/pending?${query}` },
    body: operationBody(req.origin, name, pending),
  };
}

function versionOptions(pending: PendingCertificate, merge: CreateBody = {}) {
  return {
    contentType: String((pending.policy.secret_props as { contentType?: string }).contentType),
    policy: pending.policy,
    tags: merge.tags ?? pending.tags,
    enabled: merge.attributes?.enabled ?? true,
  };
}

function certificatePem(base64Der: string): string {
  try {
    return new X509Certificate(Buffer.from(base64Der, 'base64')).toString();
  } catch {
    throw new VaultError(
      400,
      'BadParameter',
      'The specified X.509 certificate content is in an unexpected format.',
    );
  }
}

/**
 * MergeCertificate: `x5c` is the chain, leaf first; the leaf must carry the pending key. The new
 * version's `cer`, `x5t`, `nbf` and `exp` come from that leaf (certificate-versions.ts).
 */
export function mergeCertificate(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const pending = requirePending(vault, req, (p) => p.status === 'inProgress');
  const body = (req.body ?? {}) as CreateBody & { x5c?: string[] };
  const pems = (body.x5c ?? []).map(certificatePem);
  const leaf = pems[0];
  // create-certificate-signing-request.md, Troubleshoot: the message Key Vault gives when the
  // signed certificate is not for the key of this request.
  if (!leaf || !new X509Certificate(leaf).checkPrivateKey(createPrivateKey(pending.keyPem))) {
    throw new VaultError(
      400,
      'BadParameter',
      'The public key of the end-entity certificate in the specified X.509 certificate content does not match the public part of the specified private key. Please check if certificate is valid',
    );
  }
  const version = storeVersion(
    ctx,
    vault,
    name,
    { certPem: leaf, keyPem: pending.keyPem, chainPem: pems.slice(1) },
    versionOptions(pending, body),
  );
  pending.status = 'completed';
  pending.target = `${req.origin}/certificates/${name}`;
  const location = `${req.origin}/certificates/${name}?api-version=${req.query.get('api-version') ?? ''}`;
  return { status: 201, headers: { location }, body: certificateBundle(req.origin, name, version) };
}
