// Key Vault data-plane adapter: the environment's TLS certificate and the ACME account key.
import { X509Certificate } from 'node:crypto';
import type { KeyVaultCertificateWithPolicy } from '@azure/keyvault-certificates';
import { AppError } from '../errors.js';
import { isRestError, toAppError } from './azure-error.js';
import type { AzureConnection } from './connection.js';
import { onFirstUse } from './on-first-use.js';
import {
  certificatePolicy,
  chainDer,
  readPending,
  type CertificateRequest,
  type PendingCertificate,
} from './key-vault-requests.js';

/**
 * Key Vault's 403: "the request was authenticated (it knows the requesting identity) but the
 * identity does not have permission to access the requested resource"
 * (articles/key-vault/general/rest-error-codes.md). One code for it, whatever the reason (a role
 * assignment still spreading, missing, or a firewall rule), so the caller that knows which roles
 * were granted and when can tell which it is (src/certs/vault-access.ts). Not retried here.
 */
function vaultError(error: unknown, context: string): AppError {
  const failure = toAppError(error, context);
  if (!isRestError(error) || error.statusCode !== 403) return failure;
  return new AppError('forbidden', VAULT_FORBIDDEN, failure.detail, { cause: error });
}

/** The code of a 403 from a vault's data plane (a 401 keeps the service's code). */
export const VAULT_FORBIDDEN = 'VaultForbidden';

/** A certificate as Key Vault holds it: enough to decide on renewal and to roll it out. */
export interface VaultCertificate {
  name: string;
  version: string;
  /** Version-less secret id: the gateway follows it to the newest version. */
  secretId: string;
  names: string[];
  notBefore: Date;
  notAfter: Date;
  subject: string;
  issuer: string;
  tags: Record<string, string>;
  /** What the certificate's secret holds: `application/x-pkcs12` or `application/x-pem-file`. */
  contentType: string | undefined;
}

/** One version of a secret as Key Vault returns it. */
export interface VaultSecret {
  value: string;
  version: string;
  contentType: string | undefined;
  enabled: boolean;
}

/** Key Vault data plane, narrowed to what certificate issuance needs. 404 on get is "absent". */
export interface Vault {
  readonly url: string;
  /** The current version; undefined when there is none, or only a request still pending. */
  getCertificate(name: string): Promise<VaultCertificate | undefined>;
  /** Imports a PEM bundle (PKCS#8 key + chain) as a new version of the certificate. */
  importPemCertificate(
    name: string,
    pem: string,
    tags: Record<string, string>,
  ): Promise<VaultCertificate>;
  /** The creation Key Vault holds open for this certificate, if any. */
  pendingCertificate(name: string): Promise<PendingCertificate | undefined>;
  /** Asks Key Vault for a new key and its CSR (issuer `Unknown`); the key stays in the vault. */
  requestCertificate(name: string, request: CertificateRequest): Promise<PendingCertificate>;
  /**
   * Completes the pending request with the issued chain (leaf first), as a new version that
   * carries the tags given when it was requested.
   */
  mergeCertificate(name: string, chainPem: string): Promise<VaultCertificate>;
  /** Abandons the pending request (404: none pending, success). */
  deletePendingCertificate(name: string): Promise<void>;
  getSecret(name: string): Promise<string | undefined>;
  /**
   * The current version of a secret: value, version id and content type. A certificate's secret
   * holds the certificate with its key: base64 PKCS#12 for `application/x-pkcs12`.
   */
  getSecretVersion(name: string): Promise<VaultSecret | undefined>;
  setSecret(name: string, value: string, contentType: string): Promise<void>;
}

export function createVault(connection: AzureConnection, vaultUrl: string): Vault {
  const certificateClient = onFirstUse(async () => {
    const { CertificateClient } = await import('@azure/keyvault-certificates');
    return new CertificateClient(vaultUrl, connection.credential, connection.vaultOptions);
  });
  const secretClient = onFirstUse(async () => {
    const { SecretClient } = await import('@azure/keyvault-secrets');
    return new SecretClient(vaultUrl, connection.credential, connection.vaultOptions);
  });
  return {
    url: vaultUrl,
    async getCertificate(name) {
      try {
        const certificate = await (await certificateClient()).getCertificate(name);
        // A certificate whose only version is still a pending request has no bytes yet.
        return certificate.cer ? describe(name, certificate) : undefined;
      } catch (error) {
        const failure = vaultError(error, `GET certificate ${name}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async importPemCertificate(name, pem, tags) {
      try {
        const certificates = await certificateClient();
        const imported = await certificates.importCertificate(name, new TextEncoder().encode(pem), {
          policy: { contentType: 'application/x-pem-file', exportable: true },
          tags,
        });
        return describe(name, imported);
      } catch (error) {
        throw vaultError(error, `import certificate ${name}`);
      }
    },
    async pendingCertificate(name) {
      try {
        return await readPending(await certificateClient(), name);
      } catch (error) {
        const failure = vaultError(error, `GET certificate ${name} pending operation`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async requestCertificate(name, request) {
      try {
        const certificates = await certificateClient();
        await certificates.beginCreateCertificate(name, certificatePolicy(request), {
          tags: request.tags,
        });
        return await readPending(certificates, name);
      } catch (error) {
        throw vaultError(error, `create certificate ${name}`);
      }
    },
    async mergeCertificate(name, chainPem) {
      try {
        const certificates = await certificateClient();
        return describe(name, await certificates.mergeCertificate(name, chainDer(chainPem)));
      } catch (error) {
        throw vaultError(error, `merge certificate ${name}`);
      }
    },
    async deletePendingCertificate(name) {
      try {
        await (await certificateClient()).deleteCertificateOperation(name);
      } catch (error) {
        const failure = vaultError(error, `DELETE certificate ${name} pending operation`);
        if (failure.kind !== 'not-found') throw failure;
      }
    },
    async getSecret(name) {
      try {
        return (await (await secretClient()).getSecret(name)).value;
      } catch (error) {
        const failure = vaultError(error, `GET secret ${name}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async getSecretVersion(name) {
      try {
        const secret = await (await secretClient()).getSecret(name);
        return {
          value: secret.value ?? '',
          version: secret.properties.version ?? '',
          contentType: secret.properties.contentType,
          enabled: secret.properties.enabled !== false,
        };
      } catch (error) {
        const failure = vaultError(error, `GET secret ${name}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async setSecret(name, value, contentType) {
      try {
        const secrets = await secretClient();
        await secrets.setSecret(name, value, {
          contentType,
          tags: { 'managed-by': 'aci-vnet-sidecars' },
        });
      } catch (error) {
        throw vaultError(error, `SET secret ${name}`);
      }
    },
  };
}

function describe(name: string, certificate: KeyVaultCertificateWithPolicy): VaultCertificate {
  if (!certificate.cer)
    throw toAppError(
      new Error('Key Vault returned a certificate without its DER bytes'),
      `GET certificate ${name}`,
    );
  const x509 = new X509Certificate(certificate.cer);
  return {
    name,
    version: certificate.properties.version ?? '',
    secretId: versionless(certificate.secretId ?? ''),
    names: subjectAltDnsNames(x509.subjectAltName),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    subject: x509.subject,
    issuer: x509.issuer,
    tags: certificate.properties.tags ?? {},
    contentType: certificate.policy?.contentType,
  };
}

/** `https://v.vault.azure.net/secrets/name/version` → `https://v.vault.azure.net/secrets/name`. */
export function versionless(secretId: string): string {
  const match = /^(https:\/\/[^/]+\/secrets\/[^/]+)(\/[^/]*)?$/.exec(secretId);
  return match?.[1] ?? secretId;
}

export function subjectAltDnsNames(subjectAltName: string | undefined): string[] {
  return (subjectAltName ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('DNS:'))
    .map((part) => part.slice(4).toLowerCase());
}
