// PKCS#10 requests (issuer `Unknown`) and self-signed certificates (issuer `Self`) for RSA and EC
// keys, signed with node:crypto. The request carries what the CSR of Key Vault's CreateCertificate
// example carries (specification/keyvault/data-plane/Microsoft.KeyVault/stable/7.5/examples/
// CreateCertificate-example.json, decoded): the subject, then an extensionRequest with keyUsage
// (critical), extendedKeyUsage, subjectAltName (dNSName) and basicConstraints CA:FALSE.
import {
  createPrivateKey,
  createPublicKey,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import type { Json } from '../../../core/model.js';
import { VaultError } from './bundles.js';
import * as der from './der.js';

export interface X509Props {
  subject: string;
  dnsNames: string[];
  keyUsage: string[];
  ekus: string[];
  validityMonths: number;
}

interface RawX509Props {
  subject?: string;
  sans?: { dns_names?: string[] };
  key_usage?: string[];
  ekus?: string[];
  validity_months?: number;
}

const ATTRIBUTES: Record<string, { oid: string; encode: (value: string) => der.Asn1 }> = {
  CN: { oid: '2.5.4.3', encode: der.utf8 },
  SERIALNUMBER: { oid: '2.5.4.5', encode: der.printable },
  C: { oid: '2.5.4.6', encode: der.printable },
  L: { oid: '2.5.4.7', encode: der.utf8 },
  S: { oid: '2.5.4.8', encode: der.utf8 },
  ST: { oid: '2.5.4.8', encode: der.utf8 },
  STREET: { oid: '2.5.4.9', encode: der.utf8 },
  O: { oid: '2.5.4.10', encode: der.utf8 },
  OU: { oid: '2.5.4.11', encode: der.utf8 },
  E: { oid: '1.2.840.113549.1.9.1', encode: der.ia5 },
  EMAIL: { oid: '1.2.840.113549.1.9.1', encode: der.ia5 },
  DC: { oid: '0.9.2342.19200300.100.1.25', encode: der.ia5 },
};
// RFC 5280 section 4.2.1.3, in the names of certificates.json KeyUsageType.
const KEY_USAGE_BITS: Record<string, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** The policy's `x509_props` with the defaults Key Vault's example request shows. */
export function x509PropsOf(policy: Json | undefined): X509Props {
  const raw = (policy?.x509_props ?? {}) as RawX509Props;
  return {
    subject: raw.subject ?? 'CN=unnamed',
    dnsNames: raw.sans?.dns_names ?? [],
    keyUsage: raw.key_usage ?? ['digitalSignature', 'keyEncipherment'],
    ekus: raw.ekus ?? ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2'],
    validityMonths: raw.validity_months ?? 12,
  };
}

// articles/key-vault/certificates/create-certificate-signing-request.md (Troubleshoot): a value
// with a comma is written in double quotes; anything else unparseable is refused with this text.
const invalidSubject = () =>
  new VaultError(400, 'BadParameter', 'The subject name provided is not a valid X500 name');

function subjectName(subject: string): der.Asn1 {
  const parts = subject.match(/(?:[^,"]|"[^"]*")+/g) ?? [];
  if (parts.length === 0) throw invalidSubject();
  return der.seq(
    parts.map((part) => {
      const at = part.indexOf('=');
      const attribute = ATTRIBUTES[part.slice(0, at).trim().toUpperCase()];
      const value = part
        .slice(at + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (at <= 0 || !attribute || !value) throw invalidSubject();
      return der.set([der.seq([der.oid(attribute.oid), attribute.encode(value)])]);
    }),
  );
}

function extension(id: string, critical: boolean, value: der.Asn1): der.Asn1 {
  const flag = critical ? [der.bool(true)] : [];
  return der.seq([der.oid(id), ...flag, der.octets(der.toDer(value))]);
}

function extensions(p: X509Props): der.Asn1 {
  const bits = p.keyUsage.map((usage) => {
    const bit = KEY_USAGE_BITS[usage];
    if (bit === undefined) throw new VaultError(400, 'BadParameter', `Invalid key usage ${usage}.`);
    return bit;
  });
  const list: der.Asn1[] = [];
  if (bits.length) list.push(extension('2.5.29.15', true, der.namedBits(bits)));
  if (p.ekus.length) list.push(extension('2.5.29.37', false, der.seq(p.ekus.map(der.oid))));
  if (p.dnsNames.length) {
    const names = p.dnsNames.map((name) => der.implicitText(2, name));
    list.push(extension('2.5.29.17', false, der.seq(names)));
  }
  list.push(extension('2.5.29.19', false, der.seq([])));
  return der.seq(list);
}

/** ECDSA with the hash that matches the curve, or SHA-256 with RSA. */
function signatureAlgorithm(key: KeyObject): { hash: string; id: der.Asn1 } {
  if (key.asymmetricKeyType !== 'ec') {
    return { hash: 'sha256', id: der.seq([der.oid('1.2.840.113549.1.1.11'), der.nul()]) };
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (curve === 'secp384r1')
    return { hash: 'sha384', id: der.seq([der.oid('1.2.840.10045.4.3.3')]) };
  if (curve === 'secp521r1')
    return { hash: 'sha512', id: der.seq([der.oid('1.2.840.10045.4.3.4')]) };
  return { hash: 'sha256', id: der.seq([der.oid('1.2.840.10045.4.3.2')]) };
}

function publicKeyInfo(key: KeyObject): der.Asn1 {
  return der.fromDer(createPublicKey(key).export({ type: 'spki', format: 'der' }));
}

/** `SEQUENCE { body, signatureAlgorithm, signature }`: a CSR or a certificate. */
function signed(body: der.Asn1, key: KeyObject): der.Asn1 {
  const { hash, id } = signatureAlgorithm(key);
  return der.seq([body, id, der.bitBytes(sign(hash, der.toDer(body), key))]);
}

/** A PKCS#10 certification request (RFC 2986), base64 DER, signed with `keyPem`. */
export function certificationRequest(p: X509Props, keyPem: string): string {
  const key = createPrivateKey(keyPem);
  const attributes = der.tagged(0, [
    der.seq([der.oid(EXTENSION_REQUEST), der.set([extensions(p)])]),
  ]);
  const info = der.seq([der.int(0), subjectName(p.subject), publicKeyInfo(key), attributes]);
  return der.toDer(signed(info, key)).toString('base64');
}

/** A self-signed X.509 v3 certificate (PEM) valid from `now` for the policy's months. */
export function selfSignedCertificate(
  p: X509Props,
  keyPem: string,
  at: { now: number; serial: Buffer },
): string {
  const key = createPrivateKey(keyPem);
  const name = subjectName(p.subject);
  const notAfter = new Date(at.now);
  notAfter.setUTCMonth(notAfter.getUTCMonth() + p.validityMonths);
  const tbs = der.seq([
    der.tagged(0, [der.int(2)]),
    der.unsigned(at.serial),
    signatureAlgorithm(key).id,
    name,
    der.seq([der.time(new Date(at.now)), der.time(notAfter)]),
    name,
    publicKeyInfo(key),
    der.tagged(3, [extensions(p)]),
  ]);
  return new X509Certificate(der.toDer(signed(tbs, key))).toString();
}
