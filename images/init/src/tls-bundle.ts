import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../../src/errors.js';

/** What nginx needs: the chain (leaf first) and the private key, both PEM. */
export interface TlsBundle {
  chainPem: string;
  keyPem: string;
  leaf: { subject: string; notAfter: Date; count: number };
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\n[\s\S]*?\n-----END \1-----/g;
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

function invalid(code: string, message: string): AppError {
  return new AppError('validation', code, message);
}

function blocks(pem: string): { label: string; text: string }[] {
  return [...pem.replace(/\r/g, '').matchAll(BLOCK)].map((m) => ({
    label: m[1] ?? '',
    text: `${m[0]}\n`,
  }));
}

function parseKey(text: string, name: string): KeyObject {
  try {
    return createPrivateKey(text);
  } catch {
    throw invalid('CertificateKeyUnreadable', `the private key in secret ${name} cannot be parsed`);
  }
}

/**
 * Splits a Key Vault certificate secret (content type application/x-pem-file: private key and
 * chain) into the two files nginx reads. The certificate whose public key matches the private key
 * goes first, as nginx requires; a key matching none is refused here rather than by nginx later.
 * Messages never include the secret's text.
 */
export function splitPemBundle(pem: string, name: string): TlsBundle {
  const found = blocks(pem);
  if (found.length === 0) {
    throw invalid(
      'CertificateNotPem',
      `secret ${name} is not PEM (a PKCS#12 import?); import the certificate with content type application/x-pem-file`,
    );
  }
  if (found.some((b) => b.label === 'ENCRYPTED PRIVATE KEY')) {
    throw invalid(
      'CertificateKeyEncrypted',
      `the private key in secret ${name} is encrypted; import it unencrypted`,
    );
  }
  const keys = found.filter((b) => KEY_LABELS.has(b.label));
  const certs = found.filter((b) => b.label === 'CERTIFICATE');
  if (keys.length !== 1 || certs.length === 0) {
    throw invalid(
      'CertificateIncomplete',
      `secret ${name} holds ${keys.length} private keys and ${certs.length} certificates; expected one key and its chain`,
    );
  }
  const keyText = keys[0]?.text ?? '';
  const key = parseKey(keyText, name);
  const parsed = certs.map((c) => ({ text: c.text, x509: new X509Certificate(c.text) }));
  const leaf = parsed.find((c) => c.x509.checkPrivateKey(key));
  if (!leaf) {
    throw invalid(
      'CertificateKeyMismatch',
      `the private key in secret ${name} matches none of its certificates`,
    );
  }
  const chain = [leaf, ...parsed.filter((c) => c !== leaf)];
  return {
    chainPem: chain.map((c) => c.text).join(''),
    keyPem: keyText,
    leaf: {
      subject: leaf.x509.subject,
      notAfter: new Date(leaf.x509.validTo),
      count: chain.length,
    },
  };
}
