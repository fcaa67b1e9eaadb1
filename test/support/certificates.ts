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
