import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, test } from 'node:test';
import { splitPemBundle } from '../../../images/init/src/tls-bundle.js';
import { assertNoSecret } from '../../support/secrets.js';
import { testChain } from './certificates.js';

const subjects = (pem: string) =>
  [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)].map(
    (m) => new X509Certificate(m[0]).subject,
  );

describe('init image: certificate secret to nginx files', () => {
  test('splits the PEM secret into the chain, leaf first, and the private key', () => {
    const chain = testChain();
    const bundle = splitPemBundle(chain.secret, 'app-contoso-example');
    assert.deepEqual(subjects(bundle.chainPem), ['CN=app.contoso.example', 'CN=Test CA']);
    assert.equal(bundle.keyPem.trim(), chain.leafKeyPem.trim());
    assert.equal(bundle.leaf.subject, 'CN=app.contoso.example');
    assert.equal(bundle.leaf.count, 2);
    assert.doesNotMatch(bundle.chainPem, /PRIVATE KEY/);
  });

  test('puts the leaf first even when the vault lists the CA before it', () => {
    const chain = testChain();
    const bundle = splitPemBundle(`${chain.caPem}${chain.leafKeyPem}${chain.leafPem}`, 'c');
    assert.deepEqual(subjects(bundle.chainPem), ['CN=app.contoso.example', 'CN=Test CA']);
  });

  test('accepts CRLF and LF line endings alike and writes LF', () => {
    const lf = testChain().secret.replace(/\r\n/g, '\n');
    for (const secret of [lf, lf.replace(/\n/g, '\r\n')]) {
      const bundle = splitPemBundle(secret, 'c');
      assert.equal(bundle.leaf.count, 2);
      assert.doesNotMatch(bundle.chainPem + bundle.keyPem, /\r/);
    }
  });

  test('refuses a key that matches none of the certificates, without quoting the secret', () => {
    const chain = testChain();
    assert.throws(
      () => splitPemBundle(`${chain.caKeyPem}${chain.leafPem}`, 'cert'),
      (error: Error) => {
        assert.match(
          error.message,
          /\[validation\/CertificateKeyMismatch\] the private key in secret cert matches none/,
        );
        assertNoSecret(error.message, chain.caKeyPem, 'the error message');
        return true;
      },
    );
  });

  test('tells a PKCS#12 secret apart and names the content type to import with', () => {
    assert.throws(
      () => splitPemBundle('MIIKZgIBAzCCCi...', 'cert'),
      /\[validation\/CertificateNotPem\] secret cert is not PEM .*application\/x-pem-file/,
    );
  });

  test('refuses a secret without a key, or with an encrypted key', () => {
    assert.throws(
      () => splitPemBundle(testChain().leafPem, 'cert'),
      /CertificateIncomplete\] secret cert holds 0 private keys and 1 certificates/,
    );
    const encrypted =
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n';
    assert.throws(
      () => splitPemBundle(`${encrypted}${testChain().leafPem}`, 'cert'),
      /CertificateKeyEncrypted/,
    );
  });
});
