// What an external CA does with a Key Vault CSR, for RSA and EC keys alike: read the PKCS#10
// request (node-forge's ASN.1 reader; forge's own CSR parser is RSA-only), check its signature with
// node:crypto, and issue a certificate for its public key from a throwaway RSA CA.
import forge from 'node-forge';
import { spawnSync } from 'node:child_process';
import { createPublicKey, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { selfSigned } from './test-certificates.js';

const { asn1 } = forge;
type Asn1 = forge.asn1.Asn1;

const children = (node: Asn1 | undefined): Asn1[] => (Array.isArray(node?.value) ? node.value : []);
const bytes = (node: Asn1 | undefined): string =>
  typeof node?.value === 'string' ? node.value : '';
const toDer = (node: Asn1) => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
const oidOf = (node: Asn1 | undefined) => asn1.derToOid(bytes(node));
/** forge decodes a BIT STRING that happens to hold DER (an ECDSA signature); keep its bytes. */
const bitString = (node: Asn1 | undefined) =>
  (node as { bitStringContents?: string } | undefined)?.bitStringContents ?? bytes(node);

export interface ReadCsr {
  commonName: string;
  dnsNames: string[];
  publicKey: KeyObject;
  publicKeyDer: Buffer;
  signatureValid: boolean;
}

const HASHES: Record<string, string> = {
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

function commonNameOf(subject: Asn1 | undefined): string {
  for (const rdn of children(subject)) {
    const [type, value] = children(children(rdn)[0]);
    if (oidOf(type) === '2.5.4.3') return forge.util.decodeUtf8(bytes(value));
  }
  return '';
}

function dnsNamesOf(attributes: Asn1 | undefined): string[] {
  const request = children(attributes).find(
    (a) => oidOf(children(a)[0]) === '1.2.840.113549.1.9.14',
  );
  const extensions = children(children(children(request)[1])[0]);
  const san = extensions.find((e) => oidOf(children(e)[0]) === '2.5.29.17');
  const value = children(san).at(-1);
  if (!value) return [];
  const names = children(asn1.fromDer(bytes(value)));
  return names
    .filter((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && Number(n.type) === 2)
    .map((n) => bytes(n));
}

/** Subject, SANs, public key and signature check of a base64-DER or binary PKCS#10 request. */
export function readCsr(der: Uint8Array): ReadCsr {
  const root = asn1.fromDer(Buffer.from(der).toString('binary'));
  const [info, algorithm, signature] = children(root);
  const [, subject, spki, attributes] = children(info);
  const publicKeyDer = toDer(spki as Asn1);
  const publicKey = createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' });
  const hash = HASHES[oidOf(children(algorithm)[0])] ?? 'sha256';
  const sig = Buffer.from(bitString(signature).slice(1), 'binary');
  return {
    commonName: commonNameOf(subject),
    dnsNames: dnsNamesOf(attributes),
    publicKey,
    publicKeyDer,
    signatureValid: verify(hash, toDer(info as Asn1), publicKey, sig),
  };
}

/** `openssl req -verify` on the request, or undefined when openssl is not installed. */
export function opensslVerifies(der: Uint8Array): boolean | undefined {
  const run = spawnSync('openssl', ['req', '-inform', 'DER', '-noout', '-verify'], {
    input: Buffer.from(der),
  });
  if (run.error) return undefined;
  return run.status === 0 && /verify OK/i.test(`${String(run.stdout)}${String(run.stderr)}`);
}

/** A leaf for the request's public key and subject, signed by a throwaway CA: `[leaf, ca]` DER. */
export function issueFor(csrDer: Uint8Array, commonName: string, dnsNames: string[]): Buffer[] {
  const request = readCsr(csrDer);
  const ca = selfSigned('Test Issuing CA');
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = caCert.publicKey;
  cert.serialNumber = '0b' + Date.now().toString(16);
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'subjectAltName', altNames: dnsNames.map((value) => ({ type: 2, value })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  // Swap in the request's key (forge writes only RSA keys) and sign again with node:crypto.
  const tbs = cert.tbsCertificate;
  (tbs.value as Asn1[])[6] = asn1.fromDer(request.publicKeyDer.toString('binary'));
  const algorithm = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.OID,
      false,
      asn1.oidToDer('1.2.840.113549.1.1.11').getBytes(),
    ),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ''),
  ]);
  const signature = sign('sha256', toDer(tbs), ca.keyPem);
  const leaf = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    tbs,
    algorithm,
    asn1.create(
      asn1.Class.UNIVERSAL,
      asn1.Type.BITSTRING,
      false,
      '\x00' + signature.toString('binary'),
    ),
  ]);
  return [toDer(leaf), new X509Certificate(ca.certPem).raw];
}
