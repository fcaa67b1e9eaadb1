// Keeps a valid certificate in Key Vault: keeps the one held, or issues a new one by ACME.
import type { ActivityDeadline } from '../activity-deadline.js';
import type { PublicDnsZone } from '../azure/public-dns.js';
import type { Vault, VaultCertificate } from '../azure/key-vault.js';
import type { PendingCertificate } from '../azure/key-vault-requests.js';
import type { EnvironmentSpec } from '../spec/index.js';
import { issueCertificate } from './acme-issue.js';
import { loadAcme } from './acme-module.js';
import { certificateTags, namesTag } from './certificate-tags.js';
import { acmeDirectoryUrl } from './directory.js';
import type { PropagationOptions } from './propagation.js';
import { renewalDecision, type RenewalReason } from './renewal-policy.js';

export interface EnsureCertificateInput {
  spec: EnvironmentSpec;
  vault: Vault;
  zone: PublicDnsZone;
  acmeDirectoryOverride: string | undefined;
  /** Directories a spec may name besides Let's Encrypt's (ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES). */
  allowedAcmeDirectories?: readonly string[];
  propagation: PropagationOptions;
  /** The activity's budget, for the ACME steps that wait (acme-issue.ts). */
  deadline?: ActivityDeadline;
  now: Date;
  log: (line: string) => void;
}

export type CertificateOutcome =
  | { action: 'kept'; message: string; certificate: VaultCertificate }
  | { action: 'issued'; reason: RenewalReason; message: string; certificate: VaultCertificate };

/** Challenge records live a minute: long enough to validate, short enough not to linger in caches. */
const CHALLENGE_TTL_SECONDS = 60;

/**
 * Makes Key Vault hold a valid certificate for the spec's names: gather what is there, decide
 * with the renewal checks, and issue only when one objects.
 */
export async function ensureCertificate(
  input: EnsureCertificateInput,
): Promise<CertificateOutcome> {
  const { spec, vault, log } = input;
  const name = spec.names.certificate;
  const directoryUrl = acmeDirectoryUrl(
    spec.certificates.acmeDirectory,
    input.acmeDirectoryOverride,
    input.allowedAcmeDirectories,
  );
  const held = await vault.getCertificate(name);
  const decision = renewalDecision(
    held,
    {
      names: spec.certificates.names,
      directoryUrl,
      renewBeforeDays: spec.certificates.renewBeforeDays,
    },
    input.now,
  );
  if (!decision.due && held) {
    log(`certificate ${name} kept: ${decision.message}`);
    return { action: 'kept', message: decision.message, certificate: held };
  }
  const reason = decision.due ? decision.reason : 'Missing';
  log(`issuing certificate ${name} for ${spec.certificates.names.join(', ')}: ${decision.message}`);
  const tags = certificateTags(spec.certificates.names, directoryUrl);
  const request = await pendingRequest(vault, name, spec, tags, log);
  const issued = await issueCertificate({
    directoryUrl,
    email: spec.certificates.email,
    names: spec.certificates.names,
    csrPem: request.csrPem,
    accountKey: await accountKey(vault, spec.names.acmeAccountKeySecret),
    zone: input.zone,
    challengeTtl: CHALLENGE_TTL_SECONDS,
    propagation: input.propagation,
    ...(input.deadline ? { deadline: input.deadline } : {}),
    log,
  });
  const certificate = await vault.mergeCertificate(name, issued.chainPem);
  log(
    `certificate ${name} version ${certificate.version} merged into Key Vault (${certificate.contentType ?? 'unknown content type'}): ${certificate.subject}, valid until ${certificate.notAfter.toISOString()}`,
  );
  return { action: 'issued', reason, message: decision.message, certificate };
}

/**
 * The Key Vault request whose CSR gets signed: the one an interrupted run left pending when it
 * asks for the same names (resumed, so no second key is made), otherwise a new one; a pending
 * request for other names is abandoned first, since Key Vault holds one per certificate.
 */
async function pendingRequest(
  vault: Vault,
  name: string,
  spec: EnvironmentSpec,
  tags: Record<string, string>,
  log: (line: string) => void,
): Promise<PendingCertificate> {
  const pending = await vault.pendingCertificate(name);
  if (pending && (await isResumable(pending, spec.certificates.names))) {
    log(`resuming the request for ${name} that Key Vault still holds from an earlier run`);
    return pending;
  }
  if (pending) {
    log(`abandoning the request for ${name} left ${pending.status} by an earlier run`);
    await vault.deletePendingCertificate(name);
  }
  log(`asking Key Vault for a new ${spec.certificates.keyType} key and its CSR for ${name}`);
  return vault.requestCertificate(name, {
    dnsNames: spec.certificates.names,
    keyType: spec.certificates.keyType,
    tags,
  });
}

async function isResumable(
  pending: PendingCertificate,
  names: readonly string[],
): Promise<boolean> {
  if (pending.status.toLowerCase() !== 'inprogress' || pending.cancellationRequested) return false;
  const { crypto } = await loadAcme();
  const domains = crypto.readCsrDomains(pending.csrPem);
  return namesTag(domains.altNames) === namesTag(names);
}

/** The ACME account key lives in Key Vault so every issuance and renewal uses one account. */
async function accountKey(vault: Vault, secretName: string): Promise<string> {
  const existing = await vault.getSecret(secretName);
  if (existing) return existing;
  const { crypto } = await loadAcme();
  const key = (await crypto.createPrivateEcdsaKey('P-256')).toString();
  await vault.setSecret(secretName, key, 'application/x-pem-file');
  return key;
}
