// Throwaway certificates for the init container's tests: a CA and a leaf it signed, built with
// node-forge from keys made by node's crypto once per test process.
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface TestChain {
  leafPem: string;
  leafKeyPem: string;
  caPem: string;
  caKeyPem: string;
  /** What Key Vault returns for a PEM certificate: key, then the chain. */
  secret: string;
}

const rsaKey = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;

function certificate(
  subject: string,
  keyPem: string,
  issuer: { name: string; keyPem: string },
  altName?: string,
): string {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const signer = forge.pki.privateKeyFromPem(issuer.keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = altName ? '02' : '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer.name }]);
  cert.setExtensions(
    altName
      ? [{ name: 'subjectAltName', altNames: [{ type: 2, value: altName }] }]
      : [{ name: 'basicConstraints', cA: true }],
  );
  cert.sign(signer, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

let cached: TestChain | undefined;

/** A leaf for `name` (default app.contoso.example) signed by a test CA; cached per process. */
export function testChain(): TestChain {
  if (cached) return cached;
  const caKeyPem = rsaKey();
  const leafKeyPem = rsaKey();
  const caPem = certificate('Test CA', caKeyPem, { name: 'Test CA', keyPem: caKeyPem });
  const leafPem = certificate(
    'app.contoso.example',
    leafKeyPem,
    { name: 'Test CA', keyPem: caKeyPem },
    'app.contoso.example',
  );
  cached = { leafPem, leafKeyPem, caPem, caKeyPem, secret: `${leafKeyPem}${leafPem}${caPem}` };
  return cached;
}
