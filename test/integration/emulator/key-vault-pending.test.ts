// The pending operation of a manually created certificate, as create-certificate-scenarios.md
// documents it: inProgress with a CSR, a cancellation that is only requested, deletion that
// abandons the certificate, and 409 for a second create or an import while it lasts.
import type { CertificateClient } from '@azure/keyvault-certificates';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { issueFor } from './csr-tools.js';
import { raw } from './helpers.js';
import { selfSigned } from './test-certificates.js';
import { startWithVault } from './vault-helpers.js';

const manual = (name: string) => ({ issuerName: 'Unknown', subject: `CN=${name}.example.com` });

void describe('emulator Key Vault pending certificate operations', () => {
  let emu: EmulatorHandle;
  let vaultUri: string;
  let certificates: CertificateClient;
  const vault = (method: string, path: string, body?: unknown) =>
    raw(
      emu,
      method,
      `${path}${path.includes('?') ? '&' : '?'}api-version=7.6`,
      body,
      undefined,
      vaultUri,
    );

  before(async () => {
    ({ emu, vaultUri, certificates } = await startWithVault('rg-kv-pending', 'kv-pending'));
  });
  after(() => emu.stop());

  void test('answers 202 with the operation and its Location, then reports it inProgress', async () => {
    const created = await vault('POST', '/certificates/first/create', {
      policy: { x509_props: { subject: 'CN=first.example.com' } },
    });
    const body = created.body as { request_id: string; status: string; issuer: { name: string } };
    assert.equal(created.status, 202);
    assert.deepEqual([body.status, body.issuer.name], ['inProgress', 'Unknown']);
    assert.equal(
      created.headers.location,
      `${vaultUri}certificates/first/pending?api-version=7.6&request_id=${body.request_id}`,
    );
    const pending = await vault('GET', '/certificates/first/pending');
    assert.equal((pending.body as { csr: string }).csr.length > 100, true);
    const other = await vault('GET', '/certificates/first/pending?request_id=0123456789abcdef');
    assert.equal(other.status, 404);
  });

  void test('refuses a second create and an import while the operation is inProgress', async () => {
    await certificates.beginCreateCertificate('busy', manual('busy'));
    await assert.rejects(certificates.beginCreateCertificate('busy', manual('busy')), {
      statusCode: 409,
      code: 'Forbidden',
      message:
        "A new key vault certificate can not be created or imported while a pending key vault certificate's status is inProgress.",
    });
    await assert.rejects(
      certificates.importCertificate('busy', Buffer.from(selfSigned('busy.example.com').pem)),
      { statusCode: 409, code: 'Forbidden' },
    );
  });

  void test('marks a cancellation as requested and keeps the operation inProgress', async () => {
    await certificates.beginCreateCertificate('cancelled', manual('cancelled'));
    const poller = await certificates.getCertificateOperation('cancelled');
    await poller.cancelOperation();
    const operation = poller.getOperationState().certificateOperation;
    assert.deepEqual([operation?.cancellationRequested, operation?.status], [true, 'inProgress']);
    const stored = await vault('GET', '/certificates/cancelled/pending');
    assert.equal((stored.body as { cancellation_requested: boolean }).cancellation_requested, true);
    const missing = await vault('PATCH', '/certificates/cancelled/pending', {});
    assert.equal(missing.status, 400);
  });

  void test('deletes the operation: the certificate is never created and the name is free', async () => {
    await certificates.beginCreateCertificate('dropped', manual('dropped'));
    const deleted = await certificates.deleteCertificateOperation('dropped');
    assert.equal(deleted.status, 'inProgress');
    await assert.rejects(certificates.getCertificate('dropped'), {
      statusCode: 404,
      code: 'CertificateNotFound',
    });
    const gone = await vault('GET', '/certificates/dropped/pending');
    assert.equal(
      (gone.body as { error: { code: string } }).error.code,
      'PendingCertificateNotFound',
    );
    await certificates.beginCreateCertificate('dropped', manual('dropped'));
    const again = await certificates.getCertificateOperation('dropped');
    assert.equal(again.getOperationState().certificateOperation?.status, 'inProgress');
  });

  void test('completes on merge, then refuses a cancellation and allows a new create', async () => {
    await certificates.beginCreateCertificate('done', manual('done'));
    const poller = await certificates.getCertificateOperation('done');
    const csr = poller.getOperationState().certificateOperation?.csr ?? new Uint8Array();
    await certificates.mergeCertificate('done', issueFor(csr, 'done.example.com', []));
    const completed = await vault('GET', '/certificates/done/pending');
    assert.deepEqual(
      [
        (completed.body as { status: string; target: string }).status,
        (completed.body as { target: string }).target,
      ],
      ['completed', `${vaultUri}certificates/done`],
    );
    const cancel = await vault('PATCH', '/certificates/done/pending', {
      cancellation_requested: true,
    });
    assert.equal(cancel.status, 400);
    await certificates.beginCreateCertificate('done', manual('done'));
    const next = await certificates.getCertificateOperation('done');
    assert.equal(next.getOperationState().certificateOperation?.status, 'inProgress');
  });

  void test('refuses to merge a chain whose leaf is not for the pending key, with the documented text', async () => {
    await certificates.beginCreateCertificate('wrong', manual('wrong'));
    const other = selfSigned('wrong.example.com');
    const der = Buffer.from(other.certPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    await assert.rejects(certificates.mergeCertificate('wrong', [der]), {
      statusCode: 400,
      message: /does not match the public part of the specified private key/,
    });
  });
});
