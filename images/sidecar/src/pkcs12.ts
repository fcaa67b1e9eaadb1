// Key Vault's certificate secret (base64 PKCS#12 without a password) to the PEM files nginx reads.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { AppError } from '../../../src/errors.js';

/** The leaf, as logs and checks need it: never key material. */
export interface LeafSummary {
  subject: string;
  serialNumber: string;
  fingerprint256: string;
  notAfter: Date;
  /** Certificates in the chain, the leaf included. */
  count: number;
}

/** What nginx needs: the chain (leaf first) and the private key, both PEM. */
export interface TlsFiles {
  chainPem: string;
  /** PKCS#8 PEM. */
  keyPem: string;
  leaf: LeafSummary;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const { oids } = forge.pki;
const KEY_BAGS = new Set([oids.pkcs8ShroudedKeyBag, oids.keyBag]);

function invalid(code: string, message: string): AppError {
  return new AppError('validation', code, message);
}

/**
 * Key Vault exports a certificate without a password, but tools disagree on whether that means an
 * empty password or none at all (PKCS#12 derives different MAC keys for the two, RFC 7292 B.1),
 * so both are tried. forge's own messages are not passed on: none is needed to act on the error.
 */
function decodePfx(base64: string, name: string): forge.pkcs12.Pkcs12Pfx {
  const text = base64.replace(/\s+/g, '');
  const notPkcs12 = invalid(
    'CertificateNotPkcs12',
    `secret ${name} is not a base64 PKCS#12 file, which Key Vault serves for a certificate whose policy contentType is application/x-pkcs12; issue or import the certificate with that content type`,
  );
  if (!BASE64.test(text)) throw notPkcs12;
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(Buffer.from(text, 'base64').toString('binary'), false);
  } catch {
    throw notPkcs12;
  }
  let passwordProblem = false;
  for (const password of ['', undefined]) {
    try {
      return forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    } catch (error) {
      passwordProblem ||= /password|MAC/i.test(error instanceof Error ? error.message : '');
    }
  }
  if (!passwordProblem) throw notPkcs12;
  throw invalid(
    'CertificatePasswordProtected',
    `secret ${name} is a PKCS#12 file with a password; Key Vault's own certificate secrets have none, so import the PFX as a certificate (az keyvault certificate import --password …) rather than as a secret`,
  );
}

function toBuffer(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** forge reads RSA keys and certificates itself and hands back the ASN.1 of others (EC). */
function bagContents(pfx: forge.pkcs12.Pkcs12Pfx) {
  const keys: Buffer[] = [];
  const certs: Buffer[] = [];
  for (const bag of pfx.safeContents.flatMap((c) => c.safeBags)) {
    if (KEY_BAGS.has(bag.type)) {
      keys.push(
        toBuffer(
          bag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1,
        ),
      );
    } else if (bag.type === oids.certBag) {
      certs.push(toBuffer(bag.cert ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1));
    }
  }
  return { keys, certs };
}

function parseKey(der: Buffer, name: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } catch {
    throw invalid('CertificateKeyUnreadable', `the private key in secret ${name} cannot be parsed`);
  }
}

function parseCertificate(der: Buffer, name: string): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw invalid('CertificateUnreadable', `a certificate in secret ${name} cannot be parsed`);
  }
}

/** Leaf first, then each issuer in turn, then whatever else the file held. */
function orderChain(leaf: X509Certificate, others: X509Certificate[]): X509Certificate[] {
  const chain = [leaf];
  const rest = others.filter((c) => c.fingerprint256 !== leaf.fingerprint256);
  for (;;) {
    const last = chain[chain.length - 1] as X509Certificate;
    const at = rest.findIndex((c) => last.checkIssued(c));
    if (at < 0) return [...chain, ...rest];
    chain.push(...rest.splice(at, 1));
  }
}

export function summarise(leaf: X509Certificate, count: number): LeafSummary {
  return {
    subject: leaf.subject.replace(/\n/g, ', '),
    serialNumber: leaf.serialNumber,
    fingerprint256: leaf.fingerprint256,
    notAfter: new Date(leaf.validTo),
    count,
  };
}

/**
 * Converts a certificate secret (content type application/x-pkcs12) into the chain, leaf first,
 * and the PKCS#8 key. The leaf is the certificate whose public key matches the private key; a key
 * matching none is refused here rather than by nginx later. Messages never quote the secret.
 */
export function pkcs12ToPem(base64: string, name: string): TlsFiles {
  const { keys, certs } = bagContents(decodePfx(base64, name));
  if (keys.length !== 1 || certs.length === 0) {
    throw invalid(
      'CertificateIncomplete',
      `secret ${name} holds ${keys.length} private keys and ${certs.length} certificates; expected one key and its chain`,
    );
  }
  const key = parseKey(keys[0] as Buffer, name);
  const parsed = certs.map((der) => parseCertificate(der, name));
  const leaf = parsed.find((c) => c.checkPrivateKey(key));
  if (!leaf) {
    throw invalid(
      'CertificateKeyMismatch',
      `the private key in secret ${name} matches none of its ${parsed.length} certificates`,
    );
  }
  const chain = orderChain(leaf, parsed);
  return {
    chainPem: chain.map((c) => c.toString()).join(''),
    keyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    leaf: summarise(leaf, chain.length),
  };
}
