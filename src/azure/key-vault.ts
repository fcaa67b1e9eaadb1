// Key Vault data-plane adapter: the environment's TLS certificate and the ACME account key.
import { X509Certificate } from 'node:crypto';
import { CertificateClient } from '@azure/keyvault-certificates';
import { SecretClient } from '@azure/keyvault-secrets';
import { AppError } from '../errors.js';
import { toAppError } from './azure-error.js';
import type { AzureConnection } from './connection.js';

/**
 * Key Vault answers 403 until a new role assignment on the vault has spread, which takes minutes
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected):
 * right after the deployment grants this app its roles, a 403 is worth retrying.
 */
function vaultError(error: unknown, context: string): AppError {
  const failure = toAppError(error, context);
  if (failure.kind !== 'forbidden') return failure;
  return new AppError(
    'transient',
    'VaultAccessPending',
    `${failure.detail}; a new role assignment on the vault can take a few minutes to apply`,
    { cause: error },
  );
}

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
}

/** Key Vault data plane, narrowed to what certificate issuance needs. 404 on get is "absent". */
export interface Vault {
  readonly url: string;
  getCertificate(name: string): Promise<VaultCertificate | undefined>;
  /** Imports a PEM bundle (PKCS#8 key + chain) as a new version of the certificate. */
  importPemCertificate(
    name: string,
    pem: string,
    tags: Record<string, string>,
  ): Promise<VaultCertificate>;
  getSecret(name: string): Promise<string | undefined>;
  setSecret(name: string, value: string, contentType: string): Promise<void>;
}

export function createVault(connection: AzureConnection, vaultUrl: string): Vault {
  const certificates = new CertificateClient(
    vaultUrl,
    connection.credential,
    connection.vaultOptions,
  );
  const secrets = new SecretClient(vaultUrl, connection.credential, connection.vaultOptions);
  return {
    url: vaultUrl,
    async getCertificate(name) {
      try {
        const certificate = await certificates.getCertificate(name);
        return describe(
          name,
          certificate.cer,
          certificate.properties.version,
          certificate.secretId,
          certificate.properties.tags,
        );
      } catch (error) {
        const failure = vaultError(error, `GET certificate ${name}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async importPemCertificate(name, pem, tags) {
      try {
        const imported = await certificates.importCertificate(name, new TextEncoder().encode(pem), {
          policy: { contentType: 'application/x-pem-file', exportable: true },
          tags,
        });
        return describe(
          name,
          imported.cer,
          imported.properties.version,
          imported.secretId,
          imported.properties.tags,
        );
      } catch (error) {
        throw vaultError(error, `import certificate ${name}`);
      }
    },
    async getSecret(name) {
      try {
        return (await secrets.getSecret(name)).value;
      } catch (error) {
        const failure = vaultError(error, `GET secret ${name}`);
        if (failure.kind === 'not-found') return undefined;
        throw failure;
      }
    },
    async setSecret(name, value, contentType) {
      try {
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

function describe(
  name: string,
  cer: Uint8Array | undefined,
  version: string | undefined,
  secretId: string | undefined,
  tags: Record<string, string> | undefined,
): VaultCertificate {
  if (!cer)
    throw toAppError(
      new Error('Key Vault returned a certificate without its DER bytes'),
      `GET certificate ${name}`,
    );
  const x509 = new X509Certificate(cer);
  return {
    name,
    version: version ?? '',
    secretId: versionless(secretId ?? ''),
    names: subjectAltDnsNames(x509.subjectAltName),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    subject: x509.subject,
    issuer: x509.issuer,
    tags: tags ?? {},
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
