// Certificates whose key Key Vault itself generates: a pending request (issuer `Unknown`) whose
// CSR someone else gets signed, then merged back. The private key never leaves the vault.
// https://learn.microsoft.com/azure/key-vault/certificates/create-certificate-signing-request
import type {
  CertificateClient,
  CertificateOperation,
  CertificatePolicy,
} from '@azure/keyvault-certificates';
import { AppError } from '../errors.js';

/** The key types a spec may ask for, as Key Vault's policy spells them. */
export type CertificateKeyType = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072';

export interface CertificateRequest {
  /** The names on the certificate; the first one that is not a wildcard is the subject's CN. */
  dnsNames: readonly string[];
  keyType: CertificateKeyType;
  tags: Record<string, string>;
}

/** A creation Key Vault holds open until the signed certificate is merged. */
export interface PendingCertificate {
  /** The CSR Key Vault made with the key it generated, as PEM. */
  csrPem: string;
  status: string;
  cancellationRequested: boolean;
}

/**
 * Application Gateway reads only PKCS#12 certificates from Key Vault
 * (articles/application-gateway/key-vault-certs.md), and nginx needs the key: exportable.
 */
export const GATEWAY_CONTENT_TYPE = 'application/x-pkcs12';

export function certificatePolicy(request: CertificateRequest): CertificatePolicy {
  const common = request.dnsNames.find((n) => !n.startsWith('*.')) ?? request.dnsNames[0] ?? '';
  const key =
    request.keyType === 'ec-p256' || request.keyType === 'ec-p384'
      ? { keyType: 'EC' as const, keyCurveName: request.keyType === 'ec-p256' ? 'P-256' : 'P-384' }
      : { keyType: 'RSA' as const, keySize: request.keyType === 'rsa-2048' ? 2048 : 3072 };
  return {
    issuerName: 'Unknown',
    subject: `CN=${common}`,
    subjectAlternativeNames: { dnsNames: [...request.dnsNames] },
    contentType: GATEWAY_CONTENT_TYPE,
    exportable: true,
    reuseKey: false,
    ...key,
  } as CertificatePolicy;
}

export function pendingOf(operation: CertificateOperation | undefined): PendingCertificate {
  if (!operation?.csr) {
    throw new AppError(
      'unexpected',
      'PendingWithoutCsr',
      'Key Vault returned a pending certificate operation without its CSR',
    );
  }
  const base64 = Buffer.from(operation.csr).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return {
    csrPem: `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`,
    status: operation.status ?? 'unknown',
    cancellationRequested: operation.cancellationRequested ?? false,
  };
}

/** The DER bytes of every certificate in a PEM chain, leaf first: what merge sends as `x5c`. */
export function chainDer(chainPem: string): Uint8Array[] {
  const blocks = chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  return (blocks ?? []).map((block) =>
    Buffer.from(block.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ''), 'base64'),
  );
}

/** The pending operation after the create call: Key Vault has the CSR ready at once. */
export async function readPending(
  client: CertificateClient,
  name: string,
): Promise<PendingCertificate> {
  const poller = await client.getCertificateOperation(name);
  return pendingOf(poller.getOperationState().certificateOperation);
}
