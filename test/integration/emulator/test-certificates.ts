// Self-signed certificates for Key Vault tests, built with node-forge (keys from node's crypto).
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  pem: string;
  pfx: Uint8Array;
}

let cachedKey: string | undefined;

/** One RSA key per test process: key generation dominates otherwise, and tests need no more. */
function testKeyPem(): string {
  cachedKey ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return cachedKey;
}

export function selfSigned(commonName: string, password = ''): TestCertificate {
  const privateKey = testKeyPem();
  const key = forge.pki.privateKeyFromPem(privateKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '0a' + String(Date.now());
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 90 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer([{ name: 'commonName', value: commonName }]);
  cert.setExtensions([{ name: 'subjectAltName', altNames: [{ type: 2, value: commonName }] }]);
  cert.sign(key, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des' });
  return {
    certPem,
    keyPem: privateKey,
    pem: `${privateKey}${certPem}`,
    pfx: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'),
  };
}

export function commonNameOf(certPemOrDer: string | Uint8Array): string {
  const cert =
    typeof certPemOrDer === 'string'
      ? forge.pki.certificateFromPem(certPemOrDer)
      : forge.pki.certificateFromAsn1(
          forge.asn1.fromDer(Buffer.from(certPemOrDer).toString('binary')),
        );
  return commonName(cert);
}

export function commonNameOfPfx(base64: string): string {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.decode64(base64)), '');
  const bags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag ?? ''] ?? [];
  const cert = bags[0]?.cert;
  return cert ? commonName(cert) : '';
}

function commonName(cert: forge.pki.Certificate): string {
  const field = cert.subject.getField('CN') as { value?: unknown } | null;
  return typeof field?.value === 'string' ? field.value : '';
}
