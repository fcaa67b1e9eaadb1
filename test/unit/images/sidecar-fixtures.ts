// Builders for the sidecar's tests: PKCS#12 secrets as Key Vault returns them, a vault whose
// version can be swapped, and a process runner that records the nginx commands it is given.
import { generateKeyPairSync, sign, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { VaultSecret } from '../../../src/azure/key-vault.js';
import type { ProcessExit, ProcessRunner } from '../../../images/sidecar/src/nginx.js';
import { readSidecarConfig, type SidecarConfig } from '../../../images/sidecar/src/config.js';
import { testChain } from './certificates.js';

const { asn1, pki } = forge;
const DAY = 86_400_000;
/** The object identifiers used below (forge's table types them as possibly undefined). */
const OID = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  sha1: '1.3.14.3.2.26',
  sha256WithRsa: '1.2.840.113549.1.1.11',
};
/** Exported by forge, missing from its types. */
const tbsOf = (cert: forge.pki.Certificate) =>
  (
    pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 }
  ).getTBSCertificate(cert);

export interface Leaf {
  certPem: string;
  keyPem: string;
}

/** A leaf for app.contoso.example signed by the test CA, with its own key. */
export function rsaLeaf(serial: string, notAfter = new Date(Date.now() + 30 * DAY)): Leaf {
  const ca = testChain();
  const keyPem = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const key = pki.privateKeyFromPem(keyPem);
  const cert = leafTemplate(serial, notAfter);
  cert.publicKey = pki.setRsaPublicKey(key.n, key.e);
  cert.sign(pki.privateKeyFromPem(ca.caKeyPem), forge.md.sha256.create());
  return { certPem: pki.certificateToPem(cert), keyPem };
}

function leafTemplate(serial: string, notAfter: Date): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.serialNumber = serial;
  cert.validity.notBefore = new Date(Math.min(Date.now(), notAfter.getTime()) - DAY);
  cert.validity.notAfter = notAfter;
  cert.setSubject([{ name: 'commonName', value: 'app.contoso.example' }]);
  cert.setIssuer([{ name: 'commonName', value: 'Test CA' }]);
  cert.setExtensions([
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'app.contoso.example' }] },
  ]);
  return cert;
}

const seq = (value: forge.asn1.Asn1[]) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, value);
const oid = (id: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (bytes: string) =>
  asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, bytes);
const explicit0 = (value: forge.asn1.Asn1) =>
  asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [value]);
const nullValue = () => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, '');
const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

/**
 * A P-256 leaf (Key Vault's default key type here is ec-p256) signed by the RSA test CA. forge
 * cannot hold EC keys, so its TBSCertificate gets node's SubjectPublicKeyInfo and node signs it.
 */
export function ecLeaf(serial: string): Leaf {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const cert = leafTemplate(serial, new Date(Date.now() + 30 * DAY));
  const ca = pki.privateKeyFromPem(testChain().caKeyPem);
  cert.publicKey = pki.setRsaPublicKey(ca.n, ca.e);
  cert.siginfo.algorithmOid = OID.sha256WithRsa;
  const tbs = tbsOf(cert);
  (tbs.value as forge.asn1.Asn1[])[6] = asn1.fromDer(
    pair.publicKey.export({ type: 'spki', format: 'der' }).toString('binary'),
  );
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, testChain().caKeyPem);
  const certificate = seq([
    tbs,
    seq([oid(OID.sha256WithRsa), nullValue()]),
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.BITSTRING,
      false,
      `\0${signature.toString('binary')}`,
    ),
  ]);
  const x509 = new X509Certificate(Buffer.from(asn1.toDer(certificate).getBytes(), 'binary'));
  return {
    certPem: x509.toString(),
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

/** What forge writes for an RSA key and its chain: base64, as Key Vault's secret value. */
export function rsaPfx(keyPem: string, certPems: string[], password: string | null = ''): string {
  const p12 = forge.pkcs12.toPkcs12Asn1(
    pki.privateKeyFromPem(keyPem),
    certPems.map((pem) => pki.certificateFromPem(pem)),
    password,
  );
  return Buffer.from(asn1.toDer(p12).getBytes(), 'binary').toString('base64');
}

const dataInfo = (content: forge.asn1.Asn1) =>
  seq([oid(OID.data), explicit0(octets(asn1.toDer(content).getBytes()))]);

/**
 * Any keys and certificates as a PKCS#12 file (3DES-shrouded keys, SHA-1 MAC, as Windows and Key
 * Vault write them), built from DER so that EC keys and certificates fit too.
 */
export function anyPfx(keyPems: string[], certPems: string[], password = ''): string {
  const certBags = certPems.map((pem) =>
    seq([
      oid(OID.certBag),
      explicit0(seq([oid(OID.x509Certificate), explicit0(octets(der(pem).toString('binary')))])),
    ]),
  );
  const keyBags = keyPems.map((pem) =>
    seq([
      oid(OID.pkcs8ShroudedKeyBag),
      explicit0(
        pki.encryptPrivateKeyInfo(asn1.fromDer(der(pem).toString('binary')), password, {
          algorithm: '3des',
        }),
      ),
    ]),
  );
  const safe = seq([dataInfo(seq(certBags)), dataInfo(seq(keyBags))]);
  const salt = forge.util.createBuffer(forge.random.getBytesSync(8));
  const count = 2048;
  const mac = forge.hmac.create();
  mac.start('sha1', forge.pkcs12.generateKey(password, salt, 3, count, 20));
  mac.update(asn1.toDer(safe).getBytes());
  const macData = seq([
    seq([seq([oid(OID.sha1), nullValue()]), octets(mac.digest().getBytes())]),
    octets(salt.getBytes()),
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.INTEGER,
      false,
      asn1.integerToDer(count).getBytes(),
    ),
  ]);
  const pfx = seq([
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, asn1.integerToDer(3).getBytes()),
    dataInfo(safe),
    macData,
  ]);
  return Buffer.from(asn1.toDer(pfx).getBytes(), 'binary').toString('base64');
}

/** A certificate's secret version as Key Vault returns it. */
export function pkcs12Secret(version: string, value: string, more: Partial<VaultSecret> = {}) {
  return { value, version, contentType: 'application/x-pkcs12', enabled: true, ...more };
}

/** The test chain's leaf as version `v1`. */
export function firstVersion(): VaultSecret {
  const chain = testChain();
  return pkcs12Secret('v1', rsaPfx(chain.leafKeyPem, [chain.leafPem, chain.caPem]));
}

/** A vault whose answers are set by the test: a version, undefined (404) or an error. */
export function fakeVault(initial: VaultSecret | undefined | Error) {
  const vault = {
    answer: initial,
    reads: 0,
    getSecretVersion(name: string) {
      vault.reads++;
      if (name !== 'app-contoso-example') return Promise.resolve(undefined);
      const answer = vault.answer;
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
  return vault;
}

/**
 * Records each command as one string; `nginx -s quit` makes the started nginx exit 0. Started
 * processes see `onStart` run first, so a test can look at the files nginx would read.
 */
export function fakeRunner(codes: { reload?: number; quit?: number } = {}) {
  let exit: (result: ProcessExit) => void = () => undefined;
  const runner = {
    commands: [] as string[],
    signals: [] as string[],
    onStart: () => undefined as void,
    /** Ends the started nginx as if it exited by itself. */
    exit: (code: number) => exit({ code, description: `exit code ${code}` }),
    start(command: string, args: readonly string[]) {
      runner.commands.push([command, ...args].join(' '));
      runner.onStart();
      const exited = new Promise<ProcessExit>((resolve) => (exit = resolve));
      return { exited, signal: (signal: NodeJS.Signals) => void runner.signals.push(signal) };
    },
    run(command: string, args: readonly string[]) {
      runner.commands.push([command, ...args].join(' '));
      const quit = args.includes('quit');
      const code = (quit ? codes.quit : codes.reload) ?? 0;
      if (quit && code === 0) runner.exit(0);
      return Promise.resolve({ code, output: code ? 'nginx: [error] invalid PID number' : '' });
    },
  } satisfies ProcessRunner & Record<string, unknown>;
  return runner;
}

export function sidecarConfig(tlsDir: string): SidecarConfig {
  const parsed = readSidecarConfig({
    KEY_VAULT_URL: 'https://kv-contoso-abc12345.vault.azure.net/',
    CERTIFICATE_NAME: 'app-contoso-example',
    TLS_DIR: tlsDir,
    NGINX_CONF: '/etc/nginx/tls/nginx.conf',
    CHECK_INTERVAL_SECONDS: '60',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.config;
}
