// Throwaway CAs, leaves and PFX files for the local gateway's tests (node-forge, two RSA keys per
// test process: one for CAs, one for leaves, since key generation dominates otherwise).
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface TestCa {
  name: string;
  certPem: string;
  keyPem: string;
  /** The root as a gateway's trusted root certificate holds it: base64 DER. */
  derBase64: string;
}

export interface TestLeaf {
  keyPem: string;
  certPem: string;
  serial: string;
}

const keys: Record<'ca' | 'leaf', string | undefined> = { ca: undefined, leaf: undefined };

function keyFor(kind: 'ca' | 'leaf'): string {
  keys[kind] ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  return keys[kind];
}

let serial = 0x1000;

function sign(
  subject: string,
  keyPem: string,
  issuer: { name: string; keyPem: string },
  extensions: object[],
): { certPem: string; serial: string } {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = (serial++).toString(16);
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: subject }]);
  cert.setIssuer([{ name: 'commonName', value: issuer.name }]);
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), serial: cert.serialNumber.toUpperCase() };
}

export function testCa(name: string): TestCa {
  const keyPem = keyFor('ca');
  const { certPem } = sign(name, keyPem, { name, keyPem }, [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ]);
  return { name, certPem, keyPem, derBase64: new X509Certificate(certPem).raw.toString('base64') };
}

/** A leaf for `names`, signed by `ca`; its serial as Node's `getPeerCertificate()` shows it. */
export function issueLeaf(ca: TestCa, names: readonly string[]): TestLeaf {
  const keyPem = keyFor('leaf');
  const signed = sign(names[0] ?? 'leaf', keyPem, ca, [
    { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) },
  ]);
  return {
    keyPem,
    certPem: signed.certPem,
    serial: new X509Certificate(signed.certPem).serialNumber,
  };
}

/** The leaf, its key and the CA as a password-less base64 PKCS#12: a Key Vault PFX secret. */
export function pfxOf(leaf: TestLeaf, ca: TestCa): string {
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(leaf.keyPem),
    [forge.pki.certificateFromPem(leaf.certPem), forge.pki.certificateFromPem(ca.certPem)],
    '',
    { algorithm: '3des' },
  );
  return forge.util.encode64(forge.asn1.toDer(p12).getBytes());
}
