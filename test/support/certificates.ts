import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A self-signed certificate for `names`, valid until `notAfter`: PKCS#8 key then certificate. */
export function certificateFor(names: readonly string[], notAfter: Date): string {
  const keyPem = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = `0b${Date.now()}`;
  cert.validity.notBefore = new Date(notAfter.getTime() - 90 * 86_400_000);
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: names[0] ?? 'test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'expiring test issuer' }]);
  cert.setExtensions([
    { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return `${keyPem.trim()}\n${forge.pki.certificateToPem(cert).trim()}\n`;
}

/** The same certificate and key as a PKCS#12 without password: what Key Vault holds for a PFX. */
export function pkcs12For(names: readonly string[], notAfter: Date): Uint8Array {
  const pem = certificateFor(names, notAfter);
  const key = forge.pki.privateKeyFromPem(pem);
  const cert = forge.pki.certificateFromPem(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----')));
  const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], '', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}
