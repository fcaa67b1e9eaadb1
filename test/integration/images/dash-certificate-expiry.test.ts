// The dashboard reads the certificate's expiry with exactly what the plan grants its identity: Key
// Vault Secrets User on the certificate's secret (src/plan/identity.ts). It lists the secret's
// versions, whose attributes mirror the certificate's (`exp`: "the expiration date of the X.509
// certificate", articles/key-vault/certificates/about-certificates.md), and never asks for the
// value, which holds the private key.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { readCertificateExpiry } from '../../../images/dash/src/certificate-expiry.js';
import { manualClock, type EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createSecretMetadata } from '../../../src/azure/secret-properties.js';
import { pkcs12For } from '../../support/certificates.js';
import { localSettings } from '../../support/emulator-connection.js';
import { startTestEmulator } from '../emulator/helpers.js';
import {
  assignRole,
  createRbacVault,
  TEN_MINUTES,
  vaultCall,
  vaultId,
  VAULT_ROLES,
} from '../emulator/key-vault-rbac-rig.js';

const VAULT_ID = vaultId('rg-dash-certificate', 'kv-dash-certificate');
const CERTIFICATE = 'app-contoso-example';

void describe('dashboard image: the certificate’s expiry from Key Vault', () => {
  const clock = manualClock(Date.now());
  const owner = randomUUID();
  const dashboard = randomUUID();
  const notAfter = new Date(Math.floor(Date.now() / 1000) * 1000 + 60 * 86_400_000);
  let emu: EmulatorHandle;
  let vaultUri: string;
  const sent: string[] = [];

  /** The dashboard's own connection: its principal, and a record of every request it sends. */
  function dashboardMetadata() {
    const connection = connect(localSettings(emu, { ACI_VNET_SIDECARS_PRINCIPAL_ID: dashboard }));
    const record: PipelinePolicy = {
      name: 'record-requests',
      sendRequest: (request, next) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return next(request);
      },
    };
    return createSecretMetadata(
      {
        ...connection,
        vaultOptions: {
          ...connection.vaultOptions,
          additionalPolicies: [{ policy: record, position: 'perCall' }],
        },
      },
      vaultUri,
    );
  }

  before(async () => {
    emu = await startTestEmulator({ clock, timeScale: 1 });
    vaultUri = await createRbacVault(emu, VAULT_ID);
    await assignRole(emu, VAULT_ID, VAULT_ROLES.administrator, owner);
    const scoped = await assignRole(
      emu,
      `${VAULT_ID}/secrets/${CERTIFICATE}`,
      VAULT_ROLES.secretsUser,
      dashboard,
    );
    assert.equal(scoped.answer.status, 201, JSON.stringify(scoped.answer.body));
    clock.advance(TEN_MINUTES);
    const imported = await importCertificate(notAfter);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
  });
  after(() => emu.stop());

  /** Imports a new version of the certificate, valid until `until`, as the vault's owner. */
  const importCertificate = (until: Date) =>
    vaultCall(emu, vaultUri, clock, owner, 'POST', `/certificates/${CERTIFICATE}/import`, {
      value: Buffer.from(pkcs12For(['www.contoso.example'], until)).toString('base64'),
      policy: { secret_props: { contentType: 'application/x-pkcs12' } },
    });

  void test('shows the certificate’s expiry with Secrets User on its secret, reading no secret value', async () => {
    const expiry = await readCertificateExpiry(
      dashboardMetadata(),
      CERTIFICATE,
      () => new Date(notAfter.getTime() - 30 * 86_400_000),
      (line) => assert.fail(line),
    );
    assert.equal(expiry.state, 'valid');
    assert.ok(expiry.state === 'valid');
    assert.equal(expiry.expiresOn, notAfter.toISOString());
    assert.equal(expiry.daysLeft, 30);
    assert.ok(sent.length > 0);
    for (const request of sent) assert.equal(request, `GET /secrets/${CERTIFICATE}/versions`);
  });

  void test('takes the newest version after a renewal', async () => {
    const renewedUntil = new Date(notAfter.getTime() + 30 * 86_400_000);
    clock.advance(1000);
    const renewed = await importCertificate(renewedUntil);
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    const newest = await dashboardMetadata().latestVersion(CERTIFICATE);
    assert.equal(newest?.expiresOn?.toISOString(), renewedUntil.toISOString());
    assert.equal(newest?.version, (renewed.body as { id: string }).id.split('/').pop());
  });

  void test('says why it cannot read a certificate whose secret it was not granted', async () => {
    const logged: string[] = [];
    const expiry = await readCertificateExpiry(
      dashboardMetadata(),
      'acme-account-key',
      () => new Date(),
      (line) => logged.push(line),
    );
    assert.deepEqual(expiry, {
      state: 'unknown',
      name: 'acme-account-key',
      reason: 'could not be read; the details are in the dashboard log',
    });
    assert.match(logged[0] ?? '', /reading certificate acme-account-key failed: forbidden\//);
  });
});
