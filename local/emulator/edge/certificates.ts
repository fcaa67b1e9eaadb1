// The emulator's CA and server certificate, generated once per state dir with node-forge (keys
// from node's native generator, which is much faster than forge's) and reused on later starts.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { rsaKeyPair } from '../core/rsa-key-pair.js';

export interface EmulatorCertificates {
  caFile: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

function baseCertificate(
  publicKey: forge.pki.PublicKey,
  days: number,
  now: Date,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + days * 86_400_000);
  return cert;
}

function createCa(now: Date) {
  const keys = rsaKeyPair();
  const cert = baseCertificate(keys.publicKey, 3650, now);
  const subject = [{ name: 'commonName', value: 'aci-vnet-sidecars emulator CA' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

function createServerCert(
  ca: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  now: Date,
) {
  const keys = rsaKeyPair();
  const cert = baseCertificate(keys.publicKey, 825, now);
  cert.setSubject([{ name: 'commonName', value: 'localhost' }]);
  cert.setIssuer(ca.cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
  ]);
  cert.sign(ca.key, forge.md.sha256.create());
  return { cert, key: keys.privateKey };
}

/** Loads the certificates from `stateDir`, creating them the first time. */
export function ensureCertificates(stateDir: string, now = new Date()): EmulatorCertificates {
  const dir = join(stateDir, 'certs');
  const files = {
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
  };
  if (![files.ca, files.cert, files.key].every((f) => existsSync(f))) {
    mkdirSync(dir, { recursive: true });
    const ca = createCa(now);
    const server = createServerCert(ca, now);
    writeFileSync(join(dir, 'ca-key.pem'), forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
    writeFileSync(files.key, forge.pki.privateKeyToPem(server.key), { mode: 0o600 });
    writeFileSync(files.cert, forge.pki.certificateToPem(server.cert));
    writeFileSync(files.ca, forge.pki.certificateToPem(ca.cert));
  }
  return {
    caFile: files.ca,
    caPem: readFileSync(files.ca, 'utf8'),
    certPem: readFileSync(files.cert, 'utf8'),
    keyPem: readFileSync(files.key, 'utf8'),
  };
}
