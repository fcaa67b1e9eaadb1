// Converts between the formats Key Vault accepts and returns for certificates: PEM (private key +
// certificate chain) and PKCS#12 (base64), and derives `cer`, `x5t` and validity from the leaf.
// Keys go through node:crypto, which reads RSA and EC keys alike (Key Vault accepts both);
// PKCS#12 through pkcs12.ts.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readPfx, writePfx } from './pkcs12.js';

export interface CertificateMaterial {
  certPem: string;
  keyPem: string;
  chainPem: string[];
}

export const PEM_CONTENT_TYPE = 'application/x-pem-file';
export const PFX_CONTENT_TYPE = 'application/x-pkcs12';

function fromPem(text: string): CertificateMaterial {
  const blocks = text.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [];
  const certs = blocks.filter((b) => b.includes('CERTIFICATE'));
  const key = blocks.find((b) => b.includes('PRIVATE KEY'));
  if (!key || certs.length === 0)
    throw new Error('PEM must contain a private key and at least one certificate');
  const privateKey = createPrivateKey(key);
  const leaf = new X509Certificate(certs[0] ?? '');
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new Error('the private key does not belong to the first certificate of the PEM');
  }
  return {
    keyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    certPem: certs[0] ?? '',
    chainPem: certs.slice(1),
  };
}

function fromPfx(base64: string, password: string | undefined): CertificateMaterial {
  const { keyPem, certPems } = readPfx(base64, password);
  if (!keyPem || certPems.length === 0)
    throw new Error('PFX must contain a private key and at least one certificate');
  const key = createPrivateKey(keyPem);
  const leaf = certPems.find((c) => new X509Certificate(c).checkPrivateKey(key)) ?? certPems[0];
  return { keyPem, certPem: leaf ?? '', chainPem: certPems.filter((c) => c !== leaf) };
}

/** Parses an import `value`: PEM text, or base64 PKCS#12 (optionally password-protected). */
export function parseImport(value: string, password?: string): CertificateMaterial {
  return value.includes('-----BEGIN') ? fromPem(value) : fromPfx(value, password);
}

/**
 * A secret without the private key when the policy's key is not exportable
 * (articles/key-vault/certificates/about-certificates.md, "Exportable or non-exportable key").
 */
export function toPemSecret(m: CertificateMaterial, exportable = true): string {
  const keyPem = createPrivateKey(m.keyPem).export({ format: 'pem', type: 'pkcs8' }).toString();
  const pems = [m.certPem, ...m.chainPem].map((c) => c.trim());
  return [...(exportable ? [keyPem.trim()] : []), ...pems].join('\n') + '\n';
}

export function toPfxSecret(m: CertificateMaterial, exportable = true): string {
  const certPems = [m.certPem, ...m.chainPem];
  return writePfx(exportable ? { certPems, keyPem: m.keyPem } : { certPems });
}

export function leafFacts(certPem: string) {
  const cert = new X509Certificate(certPem);
  const der = cert.raw;
  return {
    cer: der.toString('base64'),
    x5t: createHash('sha1').update(der).digest('base64url'),
    notBefore: Date.parse(cert.validFrom),
    expires: Date.parse(cert.validTo),
    subject: cert.subject.split('\n').join(', '),
    dnsNames: (cert.subjectAltName ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n.startsWith('DNS:'))
      .map((n) => n.slice(4)),
  };
}
