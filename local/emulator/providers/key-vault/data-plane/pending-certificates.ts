// Certificate creation: issuer `Self` signs at once; issuer `Unknown` leaves a pending operation
// with a CSR (PKCS#10, base64 DER) until the signed certificate is merged
// (https://learn.microsoft.com/azure/key-vault/certificates/create-certificate-signing-request).
import forge from 'node-forge';
import { rsaKeyPair } from '../../../core/rsa-key-pair.js';
import type { EmulatorContext } from '../../../core/context.js';
import type { Json, PendingCertificate, VaultData } from '../../../core/model.js';
import { VaultError, certificateBundle } from './bundles.js';
import { PFX_CONTENT_TYPE } from './certificate-material.js';
import { storeVersion } from './certificate-versions.js';
import { rejectDeletedName } from './deletion.js';
import type { VaultRequest, VaultResponse } from './vault-request.js';

interface CreateBody {
  policy?: Json & {
    x509_props?: { subject?: string; sans?: { dns_names?: string[] }; validity_months?: number };
    issuer?: { name?: string };
    secret_props?: { contentType?: string };
  };
  tags?: Record<string, string>;
}

function subjectAttributes(subject: string): forge.pki.CertificateField[] {
  return subject
    .split(',')
    .map((part) => part.trim().split('='))
    .filter((kv): kv is [string, string] => kv.length === 2)
    .map(([shortName, value]) => ({ shortName: shortName.trim(), value: value.trim() }));
}

function operationBody(origin: string, name: string, p: PendingCertificate) {
  return {
    id: `${origin}/certificates/${name}/pending`,
    issuer: { name: String((p.policy.issuer as { name?: string } | undefined)?.name ?? 'Unknown') },
    csr: p.csr,
    cancellation_requested: false,
    status: p.status,
    status_details:
      p.status === 'inProgress'
        ? 'Pending certificate created. Please Perform Merge to complete the request.'
        : '',
    request_id: p.requestId,
    ...(p.target ? { target: p.target } : {}),
  };
}

function csrFor(body: CreateBody, keys: ReturnType<typeof rsaKeyPair>): string {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = keys.publicKey;
  csr.setSubject(subjectAttributes(body.policy?.x509_props?.subject ?? 'CN=unnamed'));
  const dnsNames = body.policy?.x509_props?.sans?.dns_names ?? [];
  if (dnsNames.length) {
    csr.setAttributes([
      {
        name: 'extensionRequest',
        extensions: [
          { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) },
        ],
      },
    ]);
  }
  csr.sign(keys.privateKey, forge.md.sha256.create());
  return forge.util.encode64(
    forge.asn1.toDer(forge.pki.certificationRequestToAsn1(csr)).getBytes(),
  );
}

function selfSign(body: CreateBody, keys: ReturnType<typeof rsaKeyPair>, now: number): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01' + now.toString(16);
  cert.validity.notBefore = new Date(now);
  cert.validity.notAfter = new Date(
    now + (body.policy?.x509_props?.validity_months ?? 12) * 30 * 86_400_000,
  );
  const subject = subjectAttributes(body.policy?.x509_props?.subject ?? 'CN=unnamed');
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** What GET returns for a certificate whose first version is still pending: no `cer`, disabled. */
export function pendingBundle(origin: string, name: string, p: PendingCertificate) {
  const version = p.requestId.replace(/-/g, '');
  return {
    id: `${origin}/certificates/${name}/${version}`,
    kid: `${origin}/keys/${name}/${version}`,
    sid: `${origin}/secrets/${name}/${version}`,
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

export function createCertificate(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  rejectDeletedName(vault, 'Certificate', name);
  const body = (req.body ?? {}) as CreateBody;
  const policy = {
    ...(body.policy ?? {}),
    secret_props: { contentType: body.policy?.secret_props?.contentType ?? PFX_CONTENT_TYPE },
  };
  const keys = rsaKeyPair();
  const pending: PendingCertificate = {
    requestId: ctx.newId(),
    csr: csrFor(body, keys),
    keyPem: forge.pki.privateKeyToPem(keys.privateKey),
    policy,
    tags: body.tags ?? {},
    status: 'inProgress',
  };
  vault.pending.set(name, pending);
  if ((body.policy?.issuer?.name ?? 'Unknown').toLowerCase() === 'self') {
    const version = storeVersion(
      ctx,
      vault,
      name,
      { certPem: selfSign(body, keys, ctx.clock.now()), keyPem: pending.keyPem, chainPem: [] },
      { contentType: policy.secret_props.contentType, policy, tags: pending.tags, enabled: true },
    );
    pending.status = 'completed';
    pending.target = `${req.origin}/certificates/${name}/${version.version}`;
  }
  return { status: 202, body: operationBody(req.origin, name, pending) };
}

/** The pending operation of certificate `name` when `accept`s it, else Key Vault's 404. */
function requirePending(
  vault: VaultData,
  name: string,
  accept: (pending: PendingCertificate) => boolean,
): PendingCertificate {
  const pending = vault.pending.get(name);
  if (pending && accept(pending)) return pending;
  throw new VaultError(404, 'PendingCertificateNotFound', `Pending certificate not found: ${name}`);
}

export function getPendingOperation(
  _ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const pending = requirePending(vault, name, () => true);
  return { status: 200, body: operationBody(req.origin, name, pending) };
}

function derToPem(base64Der: string): string {
  const asn1 = forge.asn1.fromDer(forge.util.decode64(base64Der));
  return forge.pki.certificateToPem(forge.pki.certificateFromAsn1(asn1));
}

export function mergeCertificate(
  ctx: EmulatorContext,
  vault: VaultData,
  req: VaultRequest,
): VaultResponse {
  const name = req.params.name ?? '';
  const pending = requirePending(vault, name, (p) => p.status === 'inProgress');
  const body = (req.body ?? {}) as { x5c?: string[]; tags?: Record<string, string> };
  const pems = (body.x5c ?? []).map(derToPem);
  const leaf = pems[0];
  const key = forge.pki.privateKeyFromPem(pending.keyPem);
  const leafKey = leaf
    ? (forge.pki.certificateFromPem(leaf).publicKey as forge.pki.rsa.PublicKey)
    : undefined;
  if (!leaf || !leafKey || leafKey.n.compareTo(key.n) !== 0) {
    throw new VaultError(
      400,
      'BadParameter',
      "Public key from x509 certificate and key of this instance doesn't match",
    );
  }
  const contentType = String(
    (pending.policy.secret_props as { contentType?: string }).contentType ?? PFX_CONTENT_TYPE,
  );
  const version = storeVersion(
    ctx,
    vault,
    name,
    { certPem: leaf, keyPem: pending.keyPem, chainPem: pems.slice(1) },
    { contentType, policy: pending.policy, tags: body.tags ?? pending.tags, enabled: true },
  );
  pending.status = 'completed';
  pending.target = `${req.origin}/certificates/${name}/${version.version}`;
  return { status: 201, body: certificateBundle(req.origin, name, version) };
}
