import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { pkcs12ToPem } from '../../../images/sidecar/src/pkcs12.js';
import { writePfx } from '../../../local/emulator/providers/key-vault/data-plane/pkcs12.js';
import { assertNoSecret } from '../../support/secrets.js';
import { testChain } from './certificates.js';
import { anyPfx, ecLeaf, rsaPfx } from './sidecar-fixtures.js';

const NAME = 'app-contoso-example';
/** forge writes CRLF, node LF: compared as LF. */
const lf = (...texts: string[]) => texts.map((t) => t.replace(/\r/g, ''));
const pems = (text: string) =>
  [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)].map(
    (m) => m[0],
  );
const sameKey = (a: string, b: string) =>
  createPrivateKey(a)
    .export({ type: 'pkcs8', format: 'der' })
    .equals(createPrivateKey(b).export({ type: 'pkcs8', format: 'der' }));

/** Fails unless `run` throws an error whose message matches and quotes none of `secrets`. */
function refuses(run: () => unknown, pattern: RegExp, secrets: string[]) {
  assert.throws(run, (error: Error) => {
    assert.match(error.message, pattern);
    for (const secret of secrets) assertNoSecret(error.message, secret, 'the error message');
    return true;
  });
}

describe('sidecar image: PKCS#12 secret to nginx files', () => {
  test('turns the PKCS#12 secret back into the same chain, leaf first, and key', () => {
    const chain = testChain();
    const files = pkcs12ToPem(rsaPfx(chain.leafKeyPem, [chain.leafPem, chain.caPem]), NAME);
    assert.deepEqual(pems(files.chainPem), lf(chain.leafPem, chain.caPem));
    assert.match(files.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.ok(sameKey(files.keyPem, chain.leafKeyPem));
    const leaf = new X509Certificate(chain.leafPem);
    assert.deepEqual(files.leaf, {
      subject: 'CN=app.contoso.example',
      serialNumber: leaf.serialNumber,
      fingerprint256: leaf.fingerprint256,
      notAfter: new Date(leaf.validTo),
      count: 2,
    });
  });

  test('puts the leaf first even when the file lists the CA first', () => {
    const chain = testChain();
    const files = pkcs12ToPem(rsaPfx(chain.leafKeyPem, [chain.caPem, chain.leafPem]), NAME);
    assert.deepEqual(pems(files.chainPem), lf(chain.leafPem, chain.caPem));
  });

  test('reads a file made without any password as well as one with an empty password', () => {
    const chain = testChain();
    const files = pkcs12ToPem(rsaPfx(chain.leafKeyPem, [chain.leafPem], null), NAME);
    assert.deepEqual(pems(files.chainPem), lf(chain.leafPem));
  });

  test('converts a P-256 key and certificate, the default key type, byte for byte', () => {
    const leaf = ecLeaf('0a');
    const chain = testChain();
    const files = pkcs12ToPem(anyPfx([leaf.keyPem], [chain.caPem, leaf.certPem]), NAME);
    assert.deepEqual(pems(files.chainPem), lf(leaf.certPem, chain.caPem));
    assert.ok(sameKey(files.keyPem, leaf.keyPem));
    assert.equal(createPrivateKey(files.keyPem).asymmetricKeyType, 'ec');
    assert.ok(new X509Certificate(leaf.certPem).verify(new X509Certificate(chain.caPem).publicKey));
  });

  test("reads the PFX the local emulator's Key Vault serves for a certificate", () => {
    const leaf = ecLeaf('0f');
    const chain = testChain();
    const value = writePfx({ certPems: [leaf.certPem, chain.caPem], keyPem: leaf.keyPem });
    const files = pkcs12ToPem(value, NAME);
    assert.deepEqual(pems(files.chainPem), lf(leaf.certPem, chain.caPem));
    assert.ok(sameKey(files.keyPem, leaf.keyPem));
  });

  test('refuses a key that matches none of the certificates, without quoting it', () => {
    const chain = testChain();
    const value = anyPfx([chain.caKeyPem], [chain.leafPem]);
    refuses(
      () => pkcs12ToPem(value, NAME),
      /^\[validation\/CertificateKeyMismatch\] the private key in secret app-contoso-example matches none of its 1 certificates$/,
      [chain.caKeyPem, value],
    );
  });

  test('refuses a file with two keys or with no certificate', () => {
    const chain = testChain();
    refuses(
      () => pkcs12ToPem(anyPfx([chain.leafKeyPem, chain.caKeyPem], [chain.leafPem]), NAME),
      /\[validation\/CertificateIncomplete\] secret app-contoso-example holds 2 private keys and 1 certificates; expected one key and its chain/,
      [chain.leafKeyPem],
    );
    refuses(
      () => pkcs12ToPem(anyPfx([chain.leafKeyPem], []), NAME),
      /holds 1 private keys and 0 certificates/,
      [chain.leafKeyPem],
    );
  });

  test('says a password-protected file must be imported as a certificate', () => {
    const chain = testChain();
    refuses(
      () => pkcs12ToPem(anyPfx([chain.leafKeyPem], [chain.leafPem], 'hunter2'), NAME),
      /^\[validation\/CertificatePasswordProtected\] secret app-contoso-example is a PKCS#12 file with a password; .*import the PFX as a certificate/,
      [chain.leafKeyPem],
    );
  });

  test('refuses PEM text or other bytes where PKCS#12 is expected, without quoting them', () => {
    const chain = testChain();
    for (const value of [chain.secret, Buffer.from('not a certificate at all').toString('base64')])
      refuses(
        () => pkcs12ToPem(value, NAME),
        /^\[validation\/CertificateNotPkcs12\] secret app-contoso-example is not a base64 PKCS#12 file/,
        [chain.leafKeyPem],
      );
  });
});
