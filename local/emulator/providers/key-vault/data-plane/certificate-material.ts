// Converts between the formats Key Vault accepts and returns for certificates: PEM (private key +
// certificate chain) and PKCS#12 (base64), and derives `cer`, `x5t` and validity from the leaf.
// PEM material goes through node:crypto, which reads RSA and EC keys alike (Key Vault accepts
// both); node-forge is used only for PKCS#12, which node:crypto cannot write.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

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
  const der = forge.util.decode64(base64);
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), password ?? '');
  const oids = forge.pki.oids as Record<string, string>;
  const bagsOf = (type: string): forge.pkcs12.Bag[] => p12.getBags({ bagType: type })[type] ?? [];
  const keyBags = [...bagsOf(oids.pkcs8ShroudedKeyBag ?? ''), ...bagsOf(oids.keyBag ?? '')];
  const certBags = bagsOf(oids.certBag ?? '');
  const key = keyBags[0]?.key;
  const certs = certBags
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => c !== undefined);
  if (!key || certs.length === 0)
    throw new Error('PFX must contain a private key and at least one certificate');
  const modulus = key.n.toString(16);
  const leaf =
    certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n.toString(16) === modulus) ??
    certs[0];
  return {
    keyPem: forge.pki.privateKeyToPem(key),
    certPem: forge.pki.certificateToPem(leaf as forge.pki.Certificate),
    chainPem: certs.filter((c) => c !== leaf).map((c) => forge.pki.certificateToPem(c)),
  };
}

/** Parses an import `value`: PEM text, or base64 PKCS#12 (optionally password-protected). */
export function parseImport(value: string, password?: string): CertificateMaterial {
  return value.includes('-----BEGIN') ? fromPem(value) : fromPfx(value, password);
}

export function toPemSecret(m: CertificateMaterial): string {
  const keyPem = createPrivateKey(m.keyPem).export({ format: 'pem', type: 'pkcs8' }).toString();
  return [keyPem.trim(), m.certPem.trim(), ...m.chainPem.map((c) => c.trim())].join('\n') + '\n';
}

/** PKCS#12 through node-forge, which writes RSA keys only: EC certificates are served as PEM. */
export function toPfxSecret(m: CertificateMaterial): string {
  if (createPrivateKey(m.keyPem).asymmetricKeyType !== 'rsa') {
    throw new Error(
      'the emulator serves EC certificates as PEM only (contentType application/x-pem-file)',
    );
  }
  const key = forge.pki.privateKeyFromPem(m.keyPem);
  const certs = [m.certPem, ...m.chainPem].map((p) => forge.pki.certificateFromPem(p));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, '', { algorithm: '3des' });
  return forge.util.encode64(forge.asn1.toDer(asn1).getBytes());
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
