import { KeyVaultManagementClient } from '@azure/arm-keyvault';
import { CertificateClient } from '@azure/keyvault-certificates';
import { SecretClient } from '@azure/keyvault-secrets';
import forge from 'node-forge';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { fakeCredential, LRO, startWithResourceGroup, SUB } from './helpers.js';
import { commonNameOf, selfSigned } from './test-certificates.js';

const RG = 'rg-kv-life';
const KV_POLL = { intervalInMs: 1 };

/** Signs a PKCS#10 request (base64 DER) with a throwaway CA, as an external issuer would. */
function signCsr(csrDer: Uint8Array): Uint8Array {
  const csr = forge.pki.certificationRequestFromAsn1(
    forge.asn1.fromDer(Buffer.from(csrDer).toString('binary')),
  );
  const ca = selfSigned('Test Issuing CA');
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = csr.publicKey as forge.pki.PublicKey;
  cert.serialNumber = '05';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  cert.setSubject(csr.subject.attributes);
  cert.setIssuer(forge.pki.certificateFromPem(ca.certPem).subject.attributes);
  cert.sign(caKey, forge.md.sha256.create());
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

void describe('emulator Key Vault certificate lifecycle', () => {
  let emu: EmulatorHandle;
  let certificates: CertificateClient;
  let secrets: SecretClient;

  before(async () => {
    const started = await startWithResourceGroup(RG);
    emu = started.emu;
    const options = started.options;
    const vault = await new KeyVaultManagementClient(
      fakeCredential,
      SUB,
      options,
    ).vaults.beginCreateOrUpdateAndWait(
      RG,
      'kv-life',
      {
        location: 'westeurope',
        properties: { tenantId: emu.tenantId, sku: { family: 'A', name: 'standard' } },
      },
      LRO,
    );
    const clientOptions = {
      tlsOptions: { ca: emu.caPem },
      disableChallengeResourceVerification: true,
    };
    certificates = new CertificateClient(
      vault.properties.vaultUri ?? '',
      fakeCredential,
      clientOptions,
    );
    secrets = new SecretClient(vault.properties.vaultUri ?? '', fakeCredential, clientOptions);
  });
  after(() => emu.stop());

  void test('creates a certificate with issuer Unknown, returns a CSR and completes on merge', async () => {
    await certificates.beginCreateCertificate('csr-cert', {
      issuerName: 'Unknown',
      subject: 'CN=csr.example.com',
      subjectAlternativeNames: { dnsNames: ['csr.example.com'] },
    });
    const pending = await certificates.getCertificateOperation('csr-cert');
    const operation = pending.getOperationState().certificateOperation;
    assert.equal(operation?.status, 'inProgress');
    assert.ok(operation?.csr && operation.csr.length > 100);
    const merged = await certificates.mergeCertificate('csr-cert', [signCsr(operation.csr)]);
    assert.equal(commonNameOf(merged.cer ?? new Uint8Array()), 'csr.example.com');
    const after = await certificates.getCertificateOperation('csr-cert');
    assert.equal(after.getOperationState().certificateOperation?.status, 'completed');
  });

  void test('refuses to merge a certificate whose key is not the pending one', async () => {
    await certificates.beginCreateCertificate('mismatch', {
      issuerName: 'Unknown',
      subject: 'CN=m.example.com',
    });
    const other = selfSigned('m.example.com');
    const der = Buffer.from(
      forge.asn1
        .toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(other.certPem)))
        .getBytes(),
      'binary',
    );
    await assert.rejects(certificates.mergeCertificate('mismatch', [der]), { statusCode: 400 });
  });

  void test('creates a self-signed certificate in one step', async () => {
    const poller = await certificates.beginCreateCertificate(
      'self-cert',
      { issuerName: 'Self', subject: 'CN=self.example.com' },
      KV_POLL,
    );
    const cert = await poller.pollUntilDone();
    assert.equal(commonNameOf(cert.cer ?? new Uint8Array()), 'self.example.com');
  });

  void test('soft-deletes a certificate, keeps its name reserved, and frees it on purge', async () => {
    await certificates.importCertificate('gone', Buffer.from(selfSigned('gone.example.com').pem), {
      policy: { contentType: 'application/x-pem-file' },
    });
    const deleting = await certificates.beginDeleteCertificate('gone', KV_POLL);
    const deleted = await deleting.pollUntilDone();
    assert.ok(deleted.recoveryId?.endsWith('/deletedcertificates/gone'));
    await assert.rejects(certificates.getCertificate('gone'), { statusCode: 404 });
    await assert.rejects(
      certificates.importCertificate('gone', Buffer.from(selfSigned('gone.example.com').pem)),
      { statusCode: 409 },
    );
    await certificates.purgeDeletedCertificate('gone');
    const again = await certificates.importCertificate(
      'gone',
      Buffer.from(selfSigned('gone.example.com').pem),
      { policy: { contentType: 'application/x-pem-file' } },
    );
    assert.ok(again.properties.version);
  });

  void test('soft-deletes and recovers a secret', async () => {
    await secrets.setSecret('token', 'v1');
    await (await secrets.beginDeleteSecret('token', KV_POLL)).pollUntilDone();
    await assert.rejects(secrets.getSecret('token'), { statusCode: 404 });
    await (await secrets.beginRecoverDeletedSecret('token', KV_POLL)).pollUntilDone();
    assert.equal((await secrets.getSecret('token')).value, 'v1');
  });
});
