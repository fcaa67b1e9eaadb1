// One version of the certificate secret: read from Key Vault, checked, and written for nginx.
import type { Vault, VaultSecret } from '../../../src/azure/key-vault.js';
import { AppError, classifyFailure } from '../../../src/errors.js';
import { writeFileAtomic } from '../../shared/atomic-write.js';
import { pkcs12ToPem, type LeafSummary, type TlsFiles } from './pkcs12.js';

/** The content type of a Key Vault certificate's secret when its policy says PKCS#12. */
export const PKCS12_CONTENT_TYPE = 'application/x-pkcs12';

/** File names inside TLS_DIR, as the plan's nginx.conf names them (src/plan/nginx.ts). */
export const TLS_FILE_NAMES = { chain: 'tls.crt', key: 'tls.key' } as const;

/** A checked version of the certificate, ready to be written. */
export interface CertificateVersion {
  version: string;
  files: TlsFiles;
}

/** The version nginx serves now. */
export interface Serving {
  version: string;
  leaf: LeafSummary;
}

export type SecretRead = { ok: true; secret: VaultSecret } | { ok: false; reason: string };

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** `https://<vault>/secrets/<name>`: the object the role assignment names (its scope). */
const secretUrl = (vaultUrl: string, name: string) =>
  `${vaultUrl.replace(/\/+$/, '')}/secrets/${name}`;

/**
 * Reads the current version of the certificate's secret. Never throws: what went wrong comes back
 * as one line with the failure's kind and code and what to do, for the caller to log and retry.
 */
export async function readSecret(
  vault: Pick<Vault, 'getSecretVersion'>,
  name: string,
  vaultUrl: string,
): Promise<SecretRead> {
  try {
    const secret = await vault.getSecretVersion(name);
    if (secret) return { ok: true, secret };
    return {
      ok: false,
      reason: `[not-found/CertificateNotFound] certificate ${name} is not in ${vaultUrl}; issue it first (the certificate stage of the deployment)`,
    };
  } catch (error) {
    const failure = classifyFailure(error);
    // A 403 right after the deployment is usually the group's new role assignment still
    // spreading ("up to 10 minutes", articles/role-based-access-control/troubleshooting.md): the
    // caller retries; the hint says what to check if it lasts. The plan grants the role on this
    // one secret only (src/plan/identity.ts), not on the vault.
    const hint =
      failure.kind === 'forbidden'
        ? `; the group's identity (AZURE_CLIENT_ID) needs Key Vault Secrets User on the certificate's secret ${secretUrl(vaultUrl, name)}, and a new role assignment takes up to 10 minutes to apply`
        : '';
    return {
      ok: false,
      reason: `[${failure.kind}/${failure.code}] ${oneLine(failure.message)}${hint}`,
    };
  }
}

function invalid(code: string, message: string): AppError {
  return new AppError('validation', code, message);
}

function contentTypeAdvice(contentType: string | undefined): string {
  if (contentType === 'application/x-pem-file') {
    return `the certificate's policy stores PEM; the sidecar (like Application Gateway) reads Key Vault's PKCS#12 form, so create or import the certificate with policy contentType ${PKCS12_CONTENT_TYPE}`;
  }
  return `CERTIFICATE_NAME must name a Key Vault certificate whose policy contentType is ${PKCS12_CONTENT_TYPE}, not a plain secret`;
}

/**
 * Checks a secret version and converts it: content type application/x-pkcs12, enabled, the key
 * matching the leaf, and the leaf not expired at `now`. Throws a validation AppError that names
 * what was wrong and what to do, never quoting the secret.
 */
export function certificateFromSecret(
  secret: VaultSecret,
  name: string,
  now: Date,
): CertificateVersion {
  const label = `certificate ${name} version ${secret.version}`;
  if (secret.contentType !== PKCS12_CONTENT_TYPE) {
    throw invalid(
      'CertificateContentType',
      `${label} has content type ${secret.contentType ?? '(none)'}, expected ${PKCS12_CONTENT_TYPE}; ${contentTypeAdvice(secret.contentType)}`,
    );
  }
  if (!secret.enabled) {
    throw invalid('CertificateDisabled', `${label} is disabled; enable it or issue a new version`);
  }
  const files = pkcs12ToPem(secret.value, name);
  if (now.getTime() >= files.leaf.notAfter.getTime()) {
    throw invalid(
      'CertificateExpired',
      `${label} (${files.leaf.subject}) expired at ${files.leaf.notAfter.toISOString()}; renew it`,
    );
  }
  return { version: secret.version, files };
}

/**
 * Writes tls.key (0600) and tls.crt (0644) into TLS_DIR, each renamed into place. nginx reads them
 * only when it starts or reloads, and neither happens between the two renames.
 */
export async function installCertificate(tlsDir: string, files: TlsFiles): Promise<void> {
  try {
    await writeFileAtomic(tlsDir, { name: TLS_FILE_NAMES.key, content: files.keyPem, mode: 0o600 });
    await writeFileAtomic(tlsDir, {
      name: TLS_FILE_NAMES.chain,
      content: files.chainPem,
      mode: 0o644,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError(
      'unexpected',
      'TlsDirUnwritable',
      `cannot write into TLS_DIR ${tlsDir} (${code}); mount the group's emptyDir volume there read-write, owned by the sidecar's user (the init container's SIDECAR_USER, 101:101)`,
      { cause: error },
    );
  }
}

/** One log line's worth of a certificate: version, subject, serial, expiry. */
export function describeVersion(version: string, leaf: LeafSummary): string {
  return `version ${version} (${leaf.subject}, serial ${leaf.serialNumber}, ${leaf.count} certificates, expires ${leaf.notAfter.toISOString()})`;
}
