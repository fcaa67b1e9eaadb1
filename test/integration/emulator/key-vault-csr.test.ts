// Key Vault's manual certificate creation (issuer `Unknown`): the CSR follows the policy's key
// properties, subject and SANs; a merged chain becomes a version whose secret follows the policy's
// content type and `exportable`.
import type { CertificateClient, CertificatePolicy } from '@azure/keyvault-certificates';
import type { SecretClient } from '@azure/keyvault-secrets';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { issueFor, opensslVerifies, readCsr } from './csr-tools.js';
import { raw } from './helpers.js';
import { pemSecretPublicKey, readPfxSecret, startWithVault } from './vault-helpers.js';

const policy = (name: string, extra: Partial<CertificatePolicy>): CertificatePolicy => ({
  issuerName: 'Unknown',
  subject: `CN=${name}.example.com`,
  subjectAlternativeNames: { dnsNames: [`${name}.example.com`, `www.${name}.example.com`] },
  ...extra,
});

void describe('emulator Key Vault certificate requests', () => {
  let emu: EmulatorHandle;
  let vaultUri: string;
  let certificates: CertificateClient;
  let secrets: SecretClient;

  before(async () => {
    ({ emu, vaultUri, certificates, secrets } = await startWithVault('rg-kv-csr', 'kv-csr'));
  });
  after(() => emu.stop());

  async function csrOf(name: string, extra: Partial<CertificatePolicy>): Promise<Uint8Array> {
    await certificates.beginCreateCertificate(name, policy(name, extra));
    const poller = await certificates.getCertificateOperation(name);
    return poller.getOperationState().certificateOperation?.csr ?? new Uint8Array();
  }

  void test('creates an EC P-256 request whose CSR carries the subject, the SANs and a new P-256 key', async () => {
    const csr = readCsr(await csrOf('ec', { keyType: 'EC', keyCurveName: 'P-256' }));
    assert.equal(csr.commonName, 'ec.example.com');
    assert.deepEqual(csr.dnsNames, ['ec.example.com', 'www.ec.example.com']);
    assert.equal(csr.publicKey.asymmetricKeyType, 'ec');
    assert.equal(csr.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.equal(csr.signatureValid, true);
    assert.notEqual(opensslVerifies(await csrOf('ec-again', { keyType: 'EC' })), false);
  });

  void test('creates an RSA 2048 request by default and honours an explicit size', async () => {
    const byDefault = readCsr(await csrOf('rsa', {}));
    assert.equal(byDefault.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.deepEqual(byDefault.dnsNames, ['rsa.example.com', 'www.rsa.example.com']);
    assert.equal(byDefault.signatureValid, true);
    const sized = await csrOf('rsa-3072', { keyType: 'RSA', keySize: 3072 });
    assert.equal(readCsr(sized).publicKey.asymmetricKeyDetails?.modulusLength, 3072);
    assert.notEqual(opensslVerifies(sized), false);
  });

  void test('merges a chain signed for the RSA request into a PKCS#12 secret holding the pending key', async () => {
    const csrDer = await csrOf('rsa-merge', { keyType: 'RSA', keySize: 2048 });
    const chain = issueFor(csrDer, 'rsa-merge.example.com', ['rsa-merge.example.com']);
    const merged = await certificates.mergeCertificate('rsa-merge', chain);
    const leaf = new X509Certificate(chain[0] ?? Buffer.alloc(0));
    assert.equal(
      Buffer.from(merged.properties.x509Thumbprint ?? new Uint8Array()).toString('hex'),
      createHash('sha1').update(leaf.raw).digest('hex'),
    );
    assert.equal(merged.properties.expiresOn?.getTime(), Date.parse(leaf.validTo));
    assert.equal(merged.properties.notBefore?.getTime(), Date.parse(leaf.validFrom));
    assert.equal(merged.keyId, `${vaultUri}keys/rsa-merge/${merged.properties.version ?? ''}`);
    assert.equal(
      merged.secretId,
      `${vaultUri}secrets/rsa-merge/${merged.properties.version ?? ''}`,
    );
    const secret = await secrets.getSecret('rsa-merge');
    assert.equal(secret.properties.contentType, 'application/x-pkcs12');
    const pfx = readPfxSecret(secret.value ?? '');
    assert.deepEqual([pfx.certificates, pfx.forgeParsedKey], [2, true]);
    assert.deepEqual(pfx.publicKeyDer, readCsr(csrDer).publicKeyDer);
  });

  void test('merges a chain signed for the EC request into a PKCS#12 secret holding the EC key', async () => {
    const csrDer = await csrOf('ec-merge', { keyType: 'EC', keyCurveName: 'P-256' });
    const chain = issueFor(csrDer, 'ec-merge.example.com', ['ec-merge.example.com']);
    await certificates.mergeCertificate('ec-merge', chain);
    const secret = await secrets.getSecret('ec-merge');
    const pfx = readPfxSecret(secret.value ?? '');
    assert.equal(pfx.certificates, 2);
    assert.deepEqual(pfx.publicKeyDer, readCsr(csrDer).publicKeyDer);
    const operation = await certificates.getCertificateOperation('ec-merge');
    assert.equal(operation.getOperationState().certificateOperation?.status, 'completed');
  });

  void test('serves a PEM secret with the key and the chain when the policy asks for PEM', async () => {
    const csrDer = await csrOf('pem', {
      keyType: 'EC',
      keyCurveName: 'P-384',
      contentType: 'application/x-pem-file',
    });
    await certificates.mergeCertificate('pem', issueFor(csrDer, 'pem.example.com', []));
    const secret = await secrets.getSecret('pem');
    assert.equal(secret.properties.contentType, 'application/x-pem-file');
    assert.equal(secret.value?.match(/BEGIN CERTIFICATE/g)?.length, 2);
    assert.deepEqual(pemSecretPublicKey(secret.value ?? ''), readCsr(csrDer).publicKeyDer);
  });

  void test('leaves the private key out of the secret when the key is not exportable', async () => {
    const csrDer = await csrOf('sealed', { exportable: false });
    await certificates.mergeCertificate('sealed', issueFor(csrDer, 'sealed.example.com', []));
    const pfx = readPfxSecret((await secrets.getSecret('sealed')).value ?? '');
    assert.deepEqual([pfx.certificates, pfx.publicKeyDer], [2, undefined]);
  });

  void test('reuses the previous key for a new version when the policy says reuse_key', async () => {
    const first = await csrOf('renewed', { reuseKey: true });
    await certificates.mergeCertificate('renewed', issueFor(first, 'renewed.example.com', []));
    const second = await csrOf('renewed', { reuseKey: true });
    assert.deepEqual(readCsr(second).publicKeyDer, readCsr(first).publicKeyDer);
    const fresh = await csrOf('fresh', {});
    await certificates.mergeCertificate('fresh', issueFor(fresh, 'fresh.example.com', []));
    assert.notDeepEqual(
      readCsr(await csrOf('fresh', {})).publicKeyDer,
      readCsr(fresh).publicKeyDer,
    );
  });

  void test('refuses key properties Key Vault does not offer for certificates', async () => {
    const create = (name: string, keyProps: object) =>
      raw(
        emu,
        'POST',
        `/certificates/${name}/create?api-version=7.6`,
        { policy: { key_props: keyProps, issuer: { name: 'Unknown' } } },
        undefined,
        vaultUri,
      );
    const answers = await Promise.all([
      create('small', { kty: 'RSA', key_size: 1024 }),
      create('curve', { kty: 'EC', crv: 'P-192' }),
      create('octet', { kty: 'oct' }),
    ]);
    for (const res of answers) {
      assert.equal(res.status, 400);
      assert.equal((res.body as { error: { code: string } }).error.code, 'BadParameter');
    }
  });
});
